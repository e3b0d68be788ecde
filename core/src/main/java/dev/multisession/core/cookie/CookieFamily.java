package dev.multisession.core.cookie;

import dev.multisession.core.model.Ids;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.token.TokenForm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The browser's multisession cookies (docs/how-it-works.md: "Cookies"): {@code <p>ms_client} =
 * {@code v1.<clientId>.<lastActiveSessionId>} and one {@code <p>ms_<sessionId>} per session
 * holding its token, where {@code <p>} is {@code __Host-} on HTTPS and empty on plain HTTP.
 *
 * <p>Each application has its own family, named by its <em>cookie namespace</em>
 * ({@link RequestView#cookieNamespace()}): the root namespace {@code ""} has the names above; a
 * namespace {@code shop} has {@code <p>ms-shop_client} and {@code <p>ms-shop_<sessionId>}. A
 * namespace never contains {@code _}, so the families of two namespaces never share a name:
 * one app never reads, counts or deletes another's cookies.
 *
 * <pre>{@code
 * CookieFamily.Parsed cookies = CookieFamily.parse(request, 4096);
 * cookies.clientCookie();     // Optional<ClientCookie>
 * cookies.sessionTokens();    // sessionId -> token candidates
 * cookies.toDelete();         // malformed, duplicated-bad or unprefixed-on-HTTPS names
 * CookieFamily.namespaceForContextPath("/shop");   // "shop"
 * }</pre>
 *
 * <p>Parsing never throws. Cookies of the family with a malformed name or value, and on HTTPS
 * cookies of the family without the prefix (possibly planted over plain HTTP or by a sibling
 * domain), are ignored and listed for deletion.
 */
public final class CookieFamily {
    /** The prefix on HTTPS: the browser then enforces Secure, Path=/ and no Domain. */
    public static final String HOST_PREFIX = "__Host-";
    static final String BASE = "ms_";
    static final String CLIENT = "ms_client";
    static final String CLIENT_SUFFIX = "client";
    private static final String VERSION = "v1";

    /** The namespace of an app at the server root: today's names, {@code ms_client} and {@code ms_<sessionId>}. */
    public static final String ROOT_NAMESPACE = "";
    /** The longest namespace accepted, in characters. */
    public static final int MAX_NAMESPACE_LENGTH = 32;
    /** What a namespace may be, for error messages. */
    public static final String NAMESPACE_RULE = "1 to " + MAX_NAMESPACE_LENGTH
            + " ASCII letters (A-Z, a-z), digits (0-9) or '-'";
    /** A context path kept as it is in its namespace: one segment of letters and digits. */
    private static final Pattern PLAIN_CONTEXT_PATH = Pattern.compile("/[A-Za-z0-9]{1,24}");
    private static final int SLUG_LENGTH = 16;
    private static final int HASH_CHARS = 8;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private CookieFamily() {
    }

    /**
     * True for a name of the root family without its prefix: {@code ms_client} or
     * {@code ms_sess_…} (well-formed or not). Other {@code ms_…} cookies belong to the app and are
     * left alone.
     */
    public static boolean isFamilyName(String bare) {
        return isFamilyName(bare, ROOT_NAMESPACE);
    }

    /**
     * True for a name of {@code namespace}'s family without its prefix: {@code <base>client} or
     * {@code <base>sess_…} (well-formed or not), {@code <base>} being {@code ms_} for the root
     * namespace and {@code ms-<namespace>_} for another. Cookies of other namespaces and the
     * app's own {@code ms…} cookies are not the family's.
     */
    public static boolean isFamilyName(String bare, String namespace) {
        int after;
        if (namespace.isEmpty()) {
            if (!bare.startsWith(BASE)) {
                return false;
            }
            after = BASE.length();
        } else {
            // "ms-" + namespace + "_", compared in place: this runs for every cookie of every request
            if (!bare.startsWith("ms-") || !bare.startsWith(namespace, 3) || bare.length() <= 3 + namespace.length()
                    || bare.charAt(3 + namespace.length()) != '_') {
                return false;
            }
            after = 4 + namespace.length();
        }
        return (bare.length() == after + CLIENT_SUFFIX.length() && bare.startsWith(CLIENT_SUFFIX, after))
                || bare.startsWith(Ids.SESSION_PREFIX, after);
    }

    public static String prefix(boolean secure) {
        return secure ? HOST_PREFIX : "";
    }

    /** The root family's client cookie name. */
    public static String clientCookieName(boolean secure) {
        return prefix(secure) + CLIENT;
    }

    /** {@code namespace}'s client cookie name: {@code <p>ms-<namespace>_client}, or {@code <p>ms_client} for the root. */
    public static String clientCookieName(String namespace, boolean secure) {
        return prefix(secure) + base(namespace) + CLIENT_SUFFIX;
    }

    /** The root family's cookie name for a session. */
    public static String sessionCookieName(String sessionId, boolean secure) {
        return prefix(secure) + BASE + sessionId;
    }

    /** {@code namespace}'s cookie name for a session: {@code <p>ms-<namespace>_<sessionId>}, or {@code <p>ms_<sessionId>} for the root. */
    public static String sessionCookieName(String namespace, String sessionId, boolean secure) {
        return prefix(secure) + base(namespace) + sessionId;
    }

    /** The root family's client cookie write naming {@code clientId} and its last-active session. */
    public static CookieWrite clientCookie(String clientId, String lastActiveSessionId, Duration maxAge, boolean secure) {
        return clientCookie(ROOT_NAMESPACE, clientId, lastActiveSessionId, maxAge, secure);
    }

    /** {@code namespace}'s client cookie write naming {@code clientId} and its last-active session. */
    public static CookieWrite clientCookie(String namespace, String clientId, String lastActiveSessionId, Duration maxAge,
                                           boolean secure) {
        return new CookieWrite(clientCookieName(namespace, secure), VERSION + "." + clientId + "." + lastActiveSessionId,
                maxAge, secure);
    }

    /** A root family's session cookie write holding {@code token}. */
    public static CookieWrite sessionCookie(String sessionId, String token, Duration maxAge, boolean secure) {
        return sessionCookie(ROOT_NAMESPACE, sessionId, token, maxAge, secure);
    }

    /** {@code namespace}'s session cookie write holding {@code token}. */
    public static CookieWrite sessionCookie(String namespace, String sessionId, String token, Duration maxAge, boolean secure) {
        return new CookieWrite(sessionCookieName(namespace, sessionId, secure), token, maxAge, secure);
    }

    /** What every name of {@code namespace}'s family starts with after the prefix: {@code ms_} or {@code ms-<namespace>_}. */
    private static String base(String namespace) {
        return namespace.isEmpty() ? BASE : "ms-" + namespace + "_";
    }

    // ------------------------------------------------------------------ namespaces

    /**
     * True for a namespace other than the root: {@value #MAX_NAMESPACE_LENGTH} characters at
     * most, each an ASCII letter, a digit or {@code -} (never {@code _}, which ends the namespace
     * in a name, nor anything a cookie name may not hold).
     */
    public static boolean isNamespace(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_NAMESPACE_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code value} when it is the root namespace or {@link #isNamespace a namespace}; else IllegalArgumentException. */
    public static String requireNamespace(String value) {
        if (value == null || !(value.isEmpty() || isNamespace(value))) {
            throw new IllegalArgumentException("a cookie namespace is empty (the root's) or " + NAMESPACE_RULE);
        }
        return value;
    }

    /**
     * The default namespace of an app deployed at {@code contextPath}; stable, short, and
     * different for different context paths:
     * <ul>
     *   <li>{@code ""} or {@code "/"} (the server root): the root namespace {@code ""}, so an app
     *       at the root keeps the names it always had;</li>
     *   <li>one segment of 1 to 24 letters and digits: that segment ({@code /shop} → {@code shop});</li>
     *   <li>anything else: the path's letters and digits joined by {@code -} (at most 16
     *       characters; {@code app} when it has none), then {@code -} and 8 characters of the
     *       SHA-256 of the path ({@code /a/b} → {@code a-b-<hash>}, {@code /a-b} → {@code a-b-<other hash>}).
     *       These always hold a {@code -} and plain ones never do, so the two forms never meet.</li>
     * </ul>
     */
    public static String namespaceForContextPath(String contextPath) {
        if (contextPath == null || contextPath.isEmpty() || contextPath.equals("/")) {
            return ROOT_NAMESPACE;
        }
        if (PLAIN_CONTEXT_PATH.matcher(contextPath).matches()) {
            return contextPath.substring(1);
        }
        StringBuilder slug = new StringBuilder(SLUG_LENGTH + 1 + HASH_CHARS);
        boolean gap = false;
        for (int i = 0; i < contextPath.length() && slug.length() < SLUG_LENGTH; i++) {
            char c = contextPath.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                if (gap && !slug.isEmpty()) {
                    slug.append('-');
                }
                slug.append(c);
                gap = false;
            } else {
                gap = true;
            }
        }
        if (slug.length() > SLUG_LENGTH) {
            slug.setLength(SLUG_LENGTH);
        }
        while (!slug.isEmpty() && slug.charAt(slug.length() - 1) == '-') {
            slug.setLength(slug.length() - 1);
        }
        if (slug.isEmpty()) {
            slug.append("app");
        }
        return slug.append('-').append(hash(contextPath)).toString();
    }

    /** The first 40 bits of the SHA-256 of {@code text}, as 8 lower-case base32 characters. */
    private static String hash(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        char[] out = new char[HASH_CHARS];
        for (int i = HASH_CHARS - 1; i >= 0; i--) {
            out[i] = BASE32[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }

    /** Splits the request's cookies into the family's parts; never throws. */
    public static Parsed parse(RequestView request, int maxTokenLength) {
        return parse(request, maxTokenLength, token -> false);
    }

    /**
     * As {@link #parse(RequestView, int)}, skipping the canonical-form scan for session tokens
     * {@code alreadyVerified} vouches for (the engine passes its verified-token cache, whose hits
     * are exact strings that passed every check before): the hot path then reads no token twice.
     */
    public static Parsed parse(RequestView request, int maxTokenLength, Predicate<String> alreadyVerified) {
        boolean secure = request.secure();
        String namespace = request.cookieNamespace();
        String prefix = prefix(secure);
        String base = base(namespace);
        List<Optional<ClientCookie>> clientValues = List.of();
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        Set<String> toDelete = Set.of();
        for (RequestView.RequestCookie cookie : request.cookies()) {
            String name = cookie.name();
            if (name == null) {
                continue;
            }
            boolean prefixed = name.startsWith(HOST_PREFIX);
            String bare = prefixed ? name.substring(HOST_PREFIX.length()) : name;
            if (!isFamilyName(bare, namespace)) {
                continue; // the app's own cookie, or another app's family: not ours to read or delete
            }
            if (secure && !prefixed) {
                toDelete = added(toDelete, name);
                continue;
            }
            if (!secure && prefixed) {
                continue; // a __Host- cookie reaching plain HTTP is not ours to judge here
            }
            String rest = bare.substring(base.length());
            if (rest.equals(CLIENT_SUFFIX)) {
                clientValues = added(clientValues, ClientCookie.parse(cookie.value()));
                continue;
            }
            String sessionId = rest;
            if (!Ids.isSessionId(sessionId) || !(alreadyVerified.test(cookie.value())
                    || TokenForm.isCompactJws(cookie.value(), maxTokenLength))) {
                toDelete = added(toDelete, name);
                continue;
            }
            List<String> values = tokens.get(sessionId);
            tokens.put(sessionId, values == null ? List.of(cookie.value()) : added(values, cookie.value()));
        }
        if (!toDelete.isEmpty()) {
            // a name with one well-formed value among malformed ones is kept: the engine judges its tokens
            for (String sessionId : tokens.keySet()) {
                toDelete.remove(prefix + base + sessionId);
            }
        }
        Optional<ClientCookie> client = onlyValue(clientValues);
        if (!clientValues.isEmpty() && client.isEmpty()) {
            toDelete = added(toDelete, prefix + base + CLIENT_SUFFIX); // malformed, or two different ones: trust none
        }
        return new Parsed(client, tokens, List.copyOf(toDelete), secure);
    }

    /** The one client cookie all values agree on; empty when there are none, a malformed one, or two different ones. */
    private static Optional<ClientCookie> onlyValue(List<Optional<ClientCookie>> values) {
        Optional<ClientCookie> only = Optional.empty();
        for (Optional<ClientCookie> value : values) {
            if (value.isEmpty() || (only.isPresent() && !only.equals(value))) {
                return Optional.empty();
            }
            only = value;
        }
        return only;
    }

    /**
     * {@code list} plus {@code value}, made mutable on the first addition: the collections start
     * as immutable empty or single-value ones, so a well-behaved browser's request allocates none.
     */
    private static <T> List<T> added(List<T> list, T value) {
        List<T> grown = list instanceof ArrayList<T> ? list : new ArrayList<>(list);
        grown.add(value);
        return grown;
    }

    private static Set<String> added(Set<String> set, String value) {
        Set<String> grown = set instanceof LinkedHashSet<String> ? set : new LinkedHashSet<>(set);
        grown.add(value);
        return grown;
    }

    /** The client cookie's content. */
    public record ClientCookie(String clientId, String lastActiveSessionId) {
        static Optional<ClientCookie> parse(String value) {
            if (value == null || value.length() > 80) {
                return Optional.empty();
            }
            int first = value.indexOf('.');
            int second = first < 0 ? -1 : value.indexOf('.', first + 1);
            if (first != VERSION.length() || !value.startsWith(VERSION) || second < 0 || value.indexOf('.', second + 1) >= 0) {
                return Optional.empty();
            }
            String clientId = value.substring(first + 1, second);
            String sessionId = value.substring(second + 1);
            if (!Ids.isClientId(clientId) || !Ids.isSessionId(sessionId)) {
                return Optional.empty();
            }
            return Optional.of(new ClientCookie(clientId, sessionId));
        }
    }

    /** The family's cookies found on one request; unmodifiable, in the order the browser sent them. */
    public record Parsed(Optional<ClientCookie> clientCookie, Map<String, List<String>> sessionTokens,
                         List<String> toDelete, boolean secure) {
        public Parsed {
            Map<String, List<String>> tokens = new LinkedHashMap<>(sessionTokens.size() * 2);
            sessionTokens.forEach((id, values) -> tokens.put(id, List.copyOf(values)));
            sessionTokens = Collections.unmodifiableMap(tokens);
            toDelete = List.copyOf(toDelete);
        }
    }
}
