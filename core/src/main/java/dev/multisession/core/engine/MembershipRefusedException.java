package dev.multisession.core.engine;

/**
 * A switch named an organization the session's user cannot switch to: the app has no
 * organization directory, or the directory says the user is not a member.
 *
 * <pre>{@code
 * try { engine.switchTo(request, Optional.empty(), OrganizationChange.named("acme")); }
 * catch (MembershipRefusedException e) { e.reason(); } // "no_organization_directory" or "not_a_member"
 * }</pre>
 */
public class MembershipRefusedException extends RuntimeException {
    public static final String NO_DIRECTORY = "no_organization_directory";
    public static final String NOT_A_MEMBER = "not_a_member";
    private final String reason;

    public MembershipRefusedException(String reason) {
        super(NO_DIRECTORY.equals(reason)
                ? "this app registered no OrganizationDirectory, so organizations cannot be switched"
                : "the user of this session does not belong to that organization", null, false, false);
        this.reason = reason;
    }

    /** {@link #NO_DIRECTORY} or {@link #NOT_A_MEMBER}. */
    public String reason() {
        return reason;
    }
}
