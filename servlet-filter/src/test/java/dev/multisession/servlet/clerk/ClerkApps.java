package dev.multisession.servlet.clerk;

import dev.multisession.core.clerk.ClerkSettings;
import dev.multisession.core.clerk.testing.ClerkTokens;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.servlet.ServletSettings;
import dev.multisession.servlet.testing.FakeClerk;
import dev.multisession.servlet.testing.TestApp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The clerk-profile test apps of this package: a {@link TestApp} whose Clerk instance is a {@link FakeClerk}. */
final class ClerkApps {
    static final String ISSUER = "https://clerk.example.test";
    /** A publishable key naming {@code clerk.example.test}, as Clerk builds them ({@code pk_test_} + base64 of {@code host$}). */
    static final String PUBLISHABLE_KEY = "pk_test_" + Base64.getEncoder().withoutPadding()
            .encodeToString("clerk.example.test$".getBytes(StandardCharsets.US_ASCII));
    static final String SECRET_KEY = "sk_test_multisessionSecret0123456789";
    /** A Clerk session id and user id in Clerk's own forms. */
    static final String SID = "sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9";
    static final String ALICE = "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr";
    /** The cookie suffix {@link #PUBLISHABLE_KEY} gives Clerk's cookie names. */
    static final String SUFFIX = ClerkSettings.cookieSuffix(PUBLISHABLE_KEY);
    static final String ROUTES = """
            /api/* => signed-in
            /admin/* => role:org:admin
            /invoices/* => permission:org:invoices:read
            /app/* => signed-in
            """;

    private ClerkApps() {
    }

    /** The full setup: publishable key, the fake's Frontend and Backend API, the secret key, the test routes. */
    static TestApp.Builder app(FakeClerk clerk) {
        return TestApp.builder()
                .param(ConfigKeys.TOKEN_PROFILE, "clerk")
                .param(ConfigKeys.CLERK_PUBLISHABLE_KEY, PUBLISHABLE_KEY)
                .param(ConfigKeys.CLERK_FRONTEND_API, clerk.url())
                .param(ConfigKeys.CLERK_API_URL, clerk.url())
                .param(ConfigKeys.CLERK_SECRET_KEY, SECRET_KEY)
                .param(ServletSettings.ROUTES, ROUTES);
    }

    static ClerkTokens tokens() {
        return ClerkTokens.instance(ISSUER);
    }
}
