package dev.multisession.core.engine;

import dev.multisession.core.token.SessionClaims;

import java.util.Optional;

/**
 * What a switch did: the browser afterwards (the switched-to session active, or pending), that
 * session as it was before (for "organization switched from … to …"), and the task the switch
 * completed ({@code choose-organization}, when the session was pending on it).
 *
 * <pre>{@code
 * SwitchResult r = multiSession.switchTo(request, Optional.of("1"), OrganizationChange.keep());
 * r.after().cookieWrites();
 * }</pre>
 */
public record SwitchResult(AuthResult after, SessionClaims before, Optional<String> completedTask) {
    public SwitchResult {
        completedTask = completedTask == null ? Optional.empty() : completedTask;
    }

    /** A switch that completed no task. */
    public SwitchResult(AuthResult after, SessionClaims before) {
        this(after, before, Optional.empty());
    }
}
