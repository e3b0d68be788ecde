package dev.multisession.core.cookie;

import dev.multisession.core.model.Ids;

import java.util.Arrays;
import java.util.List;

/**
 * The cookies of one cookie family found in raw {@code Cookie} request headers, as positions in
 * those headers: the rest of the header (the app's own cookies, other apps' families) is skipped
 * without being split into strings, and a family value becomes a string only when asked for.
 * That is what lets a request whose family cookies did not change cost a scan of the header and
 * no copy of its tokens (see {@code BrowserReader}).
 *
 * <p>The grammar is a container's RFC 6265 reading: cookies are separated by {@code ;}; spaces
 * and tabs around a name and a value are dropped; the name ends at the first {@code =} (no
 * {@code =}: an empty value); a value wrapped in one pair of double quotes is read without them.
 * A name holding a character that is not an HTTP token character (RFC 9110 {@code tchar}) is not
 * a cookie name, so the pair is skipped, as a strict container drops it. Only pairs whose name,
 * without a leading {@code __Host-}, is a name of {@code namespace}'s family
 * ({@link CookieFamily#isFamilyName(String, String)}) are kept; everything else is untouched.
 * Never throws; no regular expression.
 *
 * <pre>{@code
 * CookieHeaderScan scan = CookieHeaderScan.of(List.of(cookieHeader), "");   // the root family: ms_…
 * for (int i = 0; i < scan.size(); i++) {
 *     String name = scan.name(i);     // e.g. "ms_sess_…" (a new string)
 *     String value = scan.value(i);   // the token (a new string)
 * }
 * scan.matches(0, scan.segment(0));   // "name=value" as sent, compared in place, nothing copied
 * }</pre>
 */
public final class CookieHeaderScan {
    /** Per kept cookie: header index, name start, name end, value start, value end, end of the pair as sent. */
    private static final int FIELDS = 6;
    /** Characters of a pair's end its part of {@link #segmentsHash()} reads (the end of a token's signature). */
    private static final int HASHED_CHARS = 12;
    private static final CookieHeaderScan EMPTY = new CookieHeaderScan(List.of(), new int[0], 0);

    private final List<String> headers;
    private final int[] at;
    private final int size;

    private CookieHeaderScan(List<String> headers, int[] at, int size) {
        this.headers = headers;
        this.at = at;
        this.size = size;
    }

    /** The family cookies of {@code namespace} in {@code headers}, in the order sent. */
    public static CookieHeaderScan of(List<String> headers, String namespace) {
        return scan(headers, namespace);
    }

    /**
     * Every cookie in {@code headers} (any name that is an HTTP token), in the order sent, read
     * by the same grammar: for what reads cookies of other families than this library's (the
     * clerk profile's {@code __session}), never on the multi-session hot path.
     */
    public static CookieHeaderScan all(List<String> headers) {
        return scan(headers, null);
    }

    /** {@code namespace} null: every cookie. */
    private static CookieHeaderScan scan(List<String> headers, String namespace) {
        if (headers.isEmpty()) {
            return EMPTY;
        }
        int[] at = new int[FIELDS * 6]; // the client cookie and the default cap of 5 sessions
        int size = 0;
        for (int h = 0; h < headers.size(); h++) {
            String header = headers.get(h);
            if (header == null) {
                continue;
            }
            int n = header.length();
            int i = 0;
            while (i < n) {
                int end = header.indexOf(';', i);
                if (end < 0) {
                    end = n;
                }
                int s = i;
                while (s < end && isWhitespace(header.charAt(s))) {
                    s++;
                }
                // the family's names start with "ms" or "__Host-ms": anything else is skipped unread
                char first = s < end ? header.charAt(s) : 0;
                if (namespace == null || first == 'm' || first == '_') {
                    int e = end;
                    while (e > s && isWhitespace(header.charAt(e - 1))) {
                        e--;
                    }
                    int eq = indexOf(header, '=', s, e);
                    int nameEnd = eq < 0 ? e : eq;
                    while (nameEnd > s && isWhitespace(header.charAt(nameEnd - 1))) {
                        nameEnd--;
                    }
                    int valueStart = eq < 0 ? e : eq + 1;
                    while (valueStart < e && isWhitespace(header.charAt(valueStart))) {
                        valueStart++;
                    }
                    int valueEnd = e;
                    if (valueEnd - valueStart >= 2 && header.charAt(valueStart) == '"' && header.charAt(valueEnd - 1) == '"') {
                        valueStart++;
                        valueEnd--;
                    }
                    if (isToken(header, s, nameEnd) && (namespace == null || isFamilyNameAt(header, s, nameEnd, namespace))) {
                        if (at.length < (size + 1) * FIELDS) {
                            at = Arrays.copyOf(at, at.length * 2);
                        }
                        int k = size * FIELDS;
                        at[k] = h;
                        at[k + 1] = s;
                        at[k + 2] = nameEnd;
                        at[k + 3] = valueStart;
                        at[k + 4] = valueEnd;
                        at[k + 5] = e;
                        size++;
                    }
                }
                i = end + 1;
            }
        }
        return size == 0 ? EMPTY : new CookieHeaderScan(headers, at, size);
    }

    /** How many family cookies the headers hold (duplicates counted). */
    public int size() {
        return size;
    }

    /** The {@code i}-th family cookie's name, as sent. */
    public String name(int i) {
        int k = i * FIELDS;
        return headers.get(at[k]).substring(at[k + 1], at[k + 2]);
    }

    /** The {@code i}-th family cookie's value, without surrounding whitespace or one pair of quotes. */
    public String value(int i) {
        int k = i * FIELDS;
        return headers.get(at[k]).substring(at[k + 3], at[k + 4]);
    }

    /**
     * The {@code i}-th family cookie as sent, from the first character of its name to the last of
     * its value (spaces around {@code =} and quotes included): what {@link #matches} compares.
     */
    public String segment(int i) {
        int k = i * FIELDS;
        return headers.get(at[k]).substring(at[k + 1], at[k + 5]);
    }

    /**
     * True when the {@code i}-th family cookie is exactly {@code segment} as sent (see
     * {@link #segment}): every character compared, in place, with the JVM's vectorized string
     * search; nothing copied.
     */
    public boolean matches(int i, String segment) {
        int k = i * FIELDS;
        String header = headers.get(at[k]);
        int start = at[k + 1];
        int length = at[k + 5] - start;
        // the first occurrence at or after start of a string as long as the region: at start exactly
        // when every character there is equal. The ends first, so a different pair rarely costs a
        // search of the rest of the header.
        return length == segment.length() && length > 0
                && header.charAt(start + length - 1) == segment.charAt(length - 1)
                && header.charAt(start) == segment.charAt(0)
                && header.indexOf(segment, start) == start;
    }

    /**
     * A hash of the family cookies as sent, reading each one's length and at most its last
     * {@value #HASHED_CHARS} characters (the end of a token's signature): cheap on fresh header
     * strings; equal scans hash equally. A hash only picks candidates: equality is {@link #matches}.
     */
    public int segmentsHash() {
        int h = size;
        for (int i = 0; i < size; i++) {
            int k = i * FIELDS;
            h = hashInto(h, headers.get(at[k]), at[k + 1], at[k + 5]);
        }
        return h;
    }

    /** The same hash as {@link #segmentsHash()} for cookies given as {@link #segment}s. */
    public static int segmentsHash(List<String> segments) {
        int h = segments.size();
        for (String segment : segments) {
            h = hashInto(h, segment, 0, segment.length());
        }
        return h;
    }

    private static int hashInto(int h, String s, int start, int end) {
        h = 31 * h + (end - start);
        for (int j = Math.max(start, end - HASHED_CHARS); j < end; j++) {
            h = 31 * h + s.charAt(j);
        }
        return h;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 9110 {@code token}: one or more {@code tchar}. */
    static boolean isToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || (c < 128 && "!#$%&'*+.^`|~".indexOf(c) >= 0);
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link CookieFamily#isFamilyName(String, String)} of the name at {@code s[from, to)}, a
     * leading {@code __Host-} dropped: the same rule, read in place (no substring per cookie).
     */
    static boolean isFamilyNameAt(String s, int from, int to, String namespace) {
        if (startsWithIn(s, from, to, CookieFamily.HOST_PREFIX)) {
            from += CookieFamily.HOST_PREFIX.length();
        }
        int after;
        if (namespace.isEmpty()) {
            if (!startsWithIn(s, from, to, CookieFamily.BASE)) {
                return false;
            }
            after = from + CookieFamily.BASE.length();
        } else {
            int underscore = from + 3 + namespace.length();
            if (!startsWithIn(s, from, to, "ms-") || !startsWithIn(s, from + 3, to, namespace) || underscore >= to
                    || s.charAt(underscore) != '_') {
                return false;
            }
            after = underscore + 1;
        }
        return (to - after == CookieFamily.CLIENT_SUFFIX.length() && startsWithIn(s, after, to, CookieFamily.CLIENT_SUFFIX))
                || startsWithIn(s, after, to, Ids.SESSION_PREFIX);
    }

    private static boolean startsWithIn(String s, int from, int to, String prefix) {
        return to - from >= prefix.length() && s.startsWith(prefix, from);
    }
}
