package dev.multisession.core.engine;

import dev.multisession.core.token.SessionClaims;

/**
 * What a switch did: the browser afterwards (the switched-to session active) and that session
 * as it was before (for "organization switched from … to …").
 *
 * <pre>{@code
 * SwitchResult r = multiSession.switchTo(request, Optional.of("1"), OrganizationChange.keep());
 * r.after().cookieWrites();
 * }</pre>
 */
public record SwitchResult(AuthResult after, SessionClaims before) {
}
