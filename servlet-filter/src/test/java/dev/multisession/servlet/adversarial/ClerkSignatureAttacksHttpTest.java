package dev.multisession.servlet.adversarial;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every signature and algorithm attack of {@link SignatureAttacksHttpTest}, against an app in the
 * clerk profile ({@code multisession.token.profile=clerk}): Clerk token verification keeps every
 * check of the strict verifier up to the signature, with the same reason codes.
 */
class ClerkSignatureAttacksHttpTest extends SignatureAttacksHttpTest {

    /** Hides {@link SignatureAttacksHttpTest#start()}: the app under attack is a clerk-profile one. */
    @BeforeAll
    static void start() throws Exception {
        startAttackerServer();
        app = Attack.clerkApp();
    }
}
