package dev.multisession.core.model;

/**
 * Who is really acting when a session is an impersonation: the impersonator's user id and
 * session id. Carried in the token as {@code act: {sub, sid}}.
 */
public record Actor(String userId, String sessionId) {
    public Actor {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("Actor user id must be a non-empty string");
        }
    }
}
