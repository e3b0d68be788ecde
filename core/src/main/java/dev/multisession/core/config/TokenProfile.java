package dev.multisession.core.config;

import java.util.Locale;

/**
 * Whose session tokens this node verifies ({@code multisession.token.profile}).
 *
 * <pre>{@code
 * MultiSessionConfig config = MultiSessionConfig.builder()
 *     .set(ConfigKeys.TOKEN_PROFILE, "clerk")
 *     .set(ConfigKeys.CLERK_PUBLISHABLE_KEY, "pk_live_…")
 *     .build();
 * }</pre>
 */
public enum TokenProfile {
    /** This library's own tokens and cookies (the default): sessions signed in through {@code Accounts.signIn}. */
    MULTISESSION,
    /**
     * Session tokens Clerk issues: read from {@code Authorization: Bearer} or Clerk's {@code __session}
     * cookie, verified with the instance's keys; Clerk's frontend signs in, switches and signs out. Implies
     * verifier mode.
     */
    CLERK;

    /** The lower-case configuration value, e.g. {@code clerk}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TokenProfile parse(String key, String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        for (TokenProfile p : values()) {
            if (p.wireName().equals(v)) {
                return p;
            }
        }
        throw new ConfigurationException(key, "'" + Values.printable(raw) + "' is not a token profile; write "
                + "multisession (the default) or clerk");
    }
}
