package dev.multisession.core.selection;

import dev.multisession.core.model.Ids;
import dev.multisession.core.token.SessionClaims;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses a request's session (docs/how-it-works.md: "Which session a request gets") as two pure functions: {@link #choose} reads what the
 * request asks for; {@link #resolve} matches that against the browser's signed-in sessions.
 * First match wins: bearer token, {@code X-Session-Id}, {@code session_id}/{@code authuser}
 * query parameter, {@code /u/<index>/} path prefix (when enabled), the client cookie's
 * last-active session, the most recently created session. An explicit choice that names no
 * signed-in session resolves to nothing: never to another account.
 *
 * <pre>{@code
 * SessionChoice choice = SessionSelector.choose(request, false);
 * SessionSelector.Resolution r = SessionSelector.resolve(choice, signedIn, lastActiveId);
 * }</pre>
 */
public final class SessionSelector {
    /** Header naming the session by id or index. */
    public static final String SESSION_HEADER = "X-Session-Id";
    /** Query parameter naming the session by id. */
    public static final String SESSION_ID_PARAMETER = "session_id";
    /** Query parameter naming the session by index (Google's convention). */
    public static final String INDEX_PARAMETER = "authuser";

    private static final Pattern PATH_PREFIX = Pattern.compile("^/u/([^/]*)(/.*)?\\z", Pattern.DOTALL);
    private static final int MAX_BEARER_HEADER = 16_384;

    private SessionSelector() {
    }

    /** What the request itself asks for. Never throws, whatever the input. */
    public static SessionChoice choose(RequestView request, boolean pathPrefixEnabled) {
        List<String> authorization = request.headers("Authorization");
        if (anyBearer(authorization)) {
            // a bearer credential that is empty, oversized or one of several is unusable, never ignored
            String value = authorization.get(0);
            if (authorization.size() == 1 && value.length() <= MAX_BEARER_HEADER
                    && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String token = stripWhitespace(value.substring(7));
                if (!token.isEmpty()) {
                    return new SessionChoice.Bearer(token);
                }
            }
            return new SessionChoice.Unusable(SelectionSource.BEARER, Optional.empty());
        }
        List<String> header = request.headers(SESSION_HEADER);
        if (!header.isEmpty()) {
            return header.size() == 1 ? idOrIndex(SelectionSource.HEADER, stripWhitespace(header.get(0)))
                    : new SessionChoice.Unusable(SelectionSource.HEADER, Optional.empty());
        }
        List<String> ids = request.queryParameters(SESSION_ID_PARAMETER);
        List<String> indexes = request.queryParameters(INDEX_PARAMETER);
        if (!ids.isEmpty() || !indexes.isEmpty()) {
            if (ids.size() + indexes.size() != 1) {
                return new SessionChoice.Unusable(SelectionSource.QUERY, Optional.empty());
            }
            if (!ids.isEmpty()) {
                String id = ids.get(0);
                return Ids.isSessionId(id) ? new SessionChoice.ById(SelectionSource.QUERY, id)
                        : new SessionChoice.Unusable(SelectionSource.QUERY, Optional.empty());
            }
            return index(SelectionSource.QUERY, indexes.get(0), Optional.empty());
        }
        if (pathPrefixEnabled && request.path() != null) {
            Matcher m = PATH_PREFIX.matcher(request.path());
            if (m.matches()) {
                String rest = m.group(2) == null ? "/" : m.group(2);
                return index(SelectionSource.PATH_PREFIX, m.group(1), Optional.of(rest));
            }
        }
        return new SessionChoice.Implicit();
    }

    /**
     * A session reference as the endpoints and the app name one ({@code session_id} or
     * {@code index} form field, surrounding spaces and tabs ignored): a session id or an index.
     * The same grammar as the {@code X-Session-Id} header; never throws.
     */
    public static SessionChoice reference(SelectionSource source, String value) {
        return value == null ? new SessionChoice.Unusable(source, Optional.empty())
                : idOrIndex(source, stripWhitespace(value));
    }

    private static boolean anyBearer(List<String> authorization) {
        for (String value : authorization) {
            if (value.regionMatches(true, 0, "Bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    /** Removes the optional whitespace HTTP allows around a header value (spaces and tabs only; RFC 9110 §5.5). */
    private static String stripWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    private static SessionChoice idOrIndex(SelectionSource source, String value) {
        if (Ids.isSessionId(value)) {
            return new SessionChoice.ById(source, value);
        }
        return index(source, value, Optional.empty());
    }

    private static SessionChoice index(SelectionSource source, String value, Optional<String> strippedPath) {
        if (isIndex(value)) {
            return new SessionChoice.ByIndex(source, Integer.parseInt(value), strippedPath);
        }
        return new SessionChoice.Unusable(source, strippedPath);
    }

    /** {@code 0} to {@code 99} without leading zeros (checked per request, so no regex). */
    private static boolean isIndex(String value) {
        if (value == null || value.isEmpty() || value.length() > 2) {
            return false;
        }
        char first = value.charAt(0);
        if (value.length() == 1) {
            return first >= '0' && first <= '9';
        }
        char second = value.charAt(1);
        return first >= '1' && first <= '9' && second >= '0' && second <= '9';
    }

    /**
     * Matches a non-bearer choice against the browser's signed-in sessions. When two sessions
     * hold one index (two tabs signed in at once), the older session owns it.
     */
    public static Resolution resolve(SessionChoice choice, List<SessionClaims> signedIn, Optional<String> lastActiveId) {
        if (choice instanceof SessionChoice.ById byId) {
            return explicit(byId.source(), withId(signedIn, byId.sessionId()));
        }
        if (choice instanceof SessionChoice.ByIndex byIndex) {
            SessionClaims owner = null;
            for (SessionClaims c : signedIn) {
                if (c.index() == byIndex.index() && (owner == null || c.sessionId().compareTo(owner.sessionId()) < 0)) {
                    owner = c;
                }
            }
            return explicit(byIndex.source(), Optional.ofNullable(owner));
        }
        if (choice instanceof SessionChoice.Unusable || choice instanceof SessionChoice.Bearer) {
            return new Resolution(Optional.empty(), choice.source());
        }
        if (lastActiveId.isPresent()) {
            Optional<SessionClaims> last = withId(signedIn, lastActiveId.get());
            if (last.isPresent()) {
                return new Resolution(last, SelectionSource.CLIENT_COOKIE);
            }
        }
        SessionClaims newest = null;
        for (SessionClaims c : signedIn) {
            if (newest == null || c.sessionId().compareTo(newest.sessionId()) > 0) {
                newest = c;
            }
        }
        return newest != null ? new Resolution(Optional.of(newest), SelectionSource.MOST_RECENT)
                : new Resolution(Optional.empty(), SelectionSource.NONE);
    }

    private static Optional<SessionClaims> withId(List<SessionClaims> signedIn, String sessionId) {
        for (SessionClaims c : signedIn) {
            if (c.sessionId().equals(sessionId)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static Resolution explicit(SelectionSource source, Optional<SessionClaims> match) {
        return new Resolution(match, source);
    }

    /** The chosen session, if any, and the source that decided. An explicit source with no session means signed out. */
    public record Resolution(Optional<SessionClaims> chosen, SelectionSource source) {
        /** True when the request chose explicitly and its choice named no signed-in session. */
        public boolean explicitMiss() {
            return chosen.isEmpty() && source.isExplicit();
        }
    }
}
