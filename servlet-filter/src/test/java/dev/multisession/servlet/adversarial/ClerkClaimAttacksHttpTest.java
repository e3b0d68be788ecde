package dev.multisession.servlet.adversarial;

import dev.multisession.core.config.ConfigKeys;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every claim attack of {@link ClaimAttacksHttpTest}, against apps in the clerk profile
 * ({@code multisession.token.profile=clerk}): time, issuer, authorized party, identity claims of
 * the wrong JSON type, duplicate names and another {@code typ} are refused with the same codes.
 */
class ClerkClaimAttacksHttpTest extends ClaimAttacksHttpTest {

    /** Hides {@link ClaimAttacksHttpTest#start()}: the apps under attack are clerk-profile ones. */
    @BeforeAll
    static void start() throws Exception {
        app = Attack.clerkApp();
        azpApp = Attack.clerkApp(ConfigKeys.AUTHORIZED_PARTIES, "https://app.example");
    }
}
