package dev.multisession.core.selection;

import java.util.Optional;

/**
 * What a request itself asks for, before it is matched against the browser's sessions:
 * a bearer token, a session id, an index, an unusable explicit value, or nothing.
 *
 * <pre>{@code
 * SessionChoice choice = SessionSelector.choose(request, true);
 * }</pre>
 */
public sealed interface SessionChoice {

    SelectionSource source();

    /** With a {@link SelectionSource#PATH_PREFIX} choice, the path with the prefix removed. */
    default Optional<String> strippedPath() {
        return Optional.empty();
    }

    /** {@code Authorization: Bearer}. */
    record Bearer(String token) implements SessionChoice {
        @Override
        public SelectionSource source() {
            return SelectionSource.BEARER;
        }

        @Override
        public String toString() {
            return "Bearer[redacted]";
        }
    }

    /** A session id named by header or query. */
    record ById(SelectionSource source, String sessionId) implements SessionChoice {
    }

    /** An index named by header, query or path prefix. */
    record ByIndex(SelectionSource source, int index, Optional<String> strippedPath) implements SessionChoice {
    }

    /** An explicit value that cannot name any session (malformed, ambiguous, out of range). */
    record Unusable(SelectionSource source, Optional<String> strippedPath) implements SessionChoice {
    }

    /** The request names no session; the cookie's last-active or the newest session applies. */
    record Implicit() implements SessionChoice {
        @Override
        public SelectionSource source() {
            return SelectionSource.CLIENT_COOKIE;
        }
    }
}
