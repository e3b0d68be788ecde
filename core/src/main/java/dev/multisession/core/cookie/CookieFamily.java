package dev.multisession.core.cookie;

import dev.multisession.core.model.Ids;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.token.TokenForm;

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

/**
 * The browser's multisession cookies (docs/how-it-works.md: "Cookies"): {@code <p>ms_client} =
 * {@code v1.<clientId>.<lastActiveSessionId>} and one {@code <p>ms_<sessionId>} per session
 * holding its token, where {@code <p>} is {@code __Host-} on HTTPS and empty on plain HTTP.
 *
 * <pre>{@code
 * CookieFamily.Parsed cookies = CookieFamily.parse(request, 4096);
 * cookies.clientCookie();     // Optional<ClientCookie>
 * cookies.sessionTokens();    // sessionId -> token candidates
 * cookies.toDelete();         // malformed, duplicated-bad or unprefixed-on-HTTPS names
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
    private static final String VERSION = "v1";

    private CookieFamily() {
    }

    /**
     * True for a family name without its prefix: {@code ms_client} or {@code ms_sess_…}
     * (well-formed or not). Other {@code ms_…} cookies belong to the app and are left alone.
     */
    public static boolean isFamilyName(String bare) {
        return bare.equals(CLIENT) || bare.startsWith(BASE + Ids.SESSION_PREFIX);
    }

    public static String prefix(boolean secure) {
        return secure ? HOST_PREFIX : "";
    }

    public static String clientCookieName(boolean secure) {
        return prefix(secure) + CLIENT;
    }

    public static String sessionCookieName(String sessionId, boolean secure) {
        return prefix(secure) + BASE + sessionId;
    }

    /** The client cookie write naming {@code clientId} and its last-active session. */
    public static CookieWrite clientCookie(String clientId, String lastActiveSessionId, Duration maxAge, boolean secure) {
        return new CookieWrite(clientCookieName(secure), VERSION + "." + clientId + "." + lastActiveSessionId, maxAge, secure);
    }

    /** A session cookie write holding {@code token}. */
    public static CookieWrite sessionCookie(String sessionId, String token, Duration maxAge, boolean secure) {
        return new CookieWrite(sessionCookieName(sessionId, secure), token, maxAge, secure);
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
        String prefix = prefix(secure);
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
            if (!isFamilyName(bare)) {
                continue;
            }
            if (secure && !prefixed) {
                toDelete = added(toDelete, name);
                continue;
            }
            if (!secure && prefixed) {
                continue; // a __Host- cookie reaching plain HTTP is not ours to judge here
            }
            if (bare.equals(CLIENT)) {
                clientValues = added(clientValues, ClientCookie.parse(cookie.value()));
                continue;
            }
            String sessionId = bare.substring(BASE.length());
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
                toDelete.remove(prefix + BASE + sessionId);
            }
        }
        Optional<ClientCookie> client = onlyValue(clientValues);
        if (!clientValues.isEmpty() && client.isEmpty()) {
            toDelete = added(toDelete, prefix + CLIENT); // malformed, or two different ones: trust none
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
