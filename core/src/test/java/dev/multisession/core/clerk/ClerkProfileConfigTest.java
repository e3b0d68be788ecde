package dev.multisession.core.clerk;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.Mode;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.config.TokenProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code multisession.token.profile=clerk} and the {@code multisession.clerk.*} keys: what they resolve to, and each mistake named. */
class ClerkProfileConfigTest {
    /** Clerk's own example key (packages/shared/src/__tests__/keys.spec.ts): Frontend API fake-clerk-test.clerk.accounts.dev. */
    private static final String PK = "pk_live_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ=";
    private static final String SECRET = "sk_test_0123456789abcdefABCDEF";

    private static MultiSessionConfig.Builder clerk() {
        return MultiSessionConfig.builder().set(ConfigKeys.TOKEN_PROFILE, "clerk");
    }

    @Test
    void thePublishableKeyGivesFrontendApiIssuerAndCookieSuffix() {
        MultiSessionConfig c = clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).build();
        ClerkSettings s = c.clerk().orElseThrow();
        assertEquals(Optional.of(URI.create("https://fake-clerk-test.clerk.accounts.dev")), s.frontendApi());
        assertEquals("https://fake-clerk-test.clerk.accounts.dev", c.issuer());
        assertEquals(Optional.of("qReyu04C"), s.cookieSuffix());
        assertEquals(Optional.of(URI.create("https://fake-clerk-test.clerk.accounts.dev/.well-known/jwks.json")),
                s.frontendJwksUrl());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // Clerk's getCookieSuffix cases (packages/shared/src/__tests__/keys.spec.ts)
            "pk_live_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ=, qReyu04C",
            "pk_test_Y2xlcmsuY2xlcmsuZGV2JA, QvfNY2dr",
            "pk_test_ZW5vdWdoLWFscGFjYS04Mi5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k, jtYvyt_H",
            "pk_test_eHh4eHh4LXhhYWFhYS1hYS5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k, tZJdb-5s",
    })
    void theCookieSuffixIsClerks(String publishableKey, String suffix) {
        assertEquals(suffix, ClerkSettings.cookieSuffix(publishableKey));
    }

    @Test
    void theClerkProfileImpliesVerifierMode() {
        MultiSessionConfig c = clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).build();
        assertEquals(TokenProfile.CLERK, c.tokenProfile());
        assertEquals(Mode.VERIFIER, c.mode());
    }

    @Test
    void issuerModeWithTheClerkProfileFailsNamingBoth() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).set(ConfigKeys.MODE, "issuer").build());
        assertEquals(ConfigKeys.MODE, e.key());
        assertTrue(e.getMessage().contains(ConfigKeys.TOKEN_PROFILE), e.getMessage());
    }

    @Test
    void clerkKeysWithoutTheProfileFailNamingTheProfileKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> MultiSessionConfig.builder().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).build());
        assertEquals(ConfigKeys.TOKEN_PROFILE, e.key());
    }

    @Test
    void aFrontendApiHostOverridesTheKeysAndKeepsTheKeysIssuer() {
        MultiSessionConfig c = clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK)
                .set(ConfigKeys.CLERK_FRONTEND_API, "https://app.example/__clerk/").build();
        assertEquals(Optional.of(URI.create("https://app.example/__clerk")), c.clerk().orElseThrow().frontendApi());
        assertEquals("https://fake-clerk-test.clerk.accounts.dev", c.issuer(), "tokens name the instance, not its proxy");
    }

    @Test
    void aBareFrontendApiHostMeansHttps() {
        MultiSessionConfig c = clerk().set(ConfigKeys.CLERK_FRONTEND_API, "clerk.example.com").build();
        assertEquals("https://clerk.example.com", c.issuer());
    }

    @Test
    void anExplicitIssuerWins() {
        MultiSessionConfig c = clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).set(ConfigKeys.ISSUER, "https://clerk.example.com").build();
        assertEquals("https://clerk.example.com", c.issuer());
    }

    @Test
    void withoutIssuerOrFrontendApiTheIssuerIsAsked() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> clerk().set(ConfigKeys.CLERK_SECRET_KEY, SECRET).build());
        assertEquals(ConfigKeys.ISSUER, e.key());
    }

    @Test
    void withoutAnyKeySourceTheProfileSaysWhichKeysToSet() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> clerk().set(ConfigKeys.ISSUER, "https://clerk.example.com").build());
        assertEquals(ConfigKeys.TOKEN_PROFILE, e.key());
        assertTrue(e.getMessage().contains(ConfigKeys.CLERK_PUBLISHABLE_KEY) && e.getMessage().contains(ConfigKeys.VERIFY_PUBLIC_KEY_PEM));
    }

    @Test
    void aMalformedSecretKeyIsNamedButNeverShown() {
        String secret = "sk_live_hunter2 has spaces";
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).set(ConfigKeys.CLERK_SECRET_KEY, secret).build());
        assertEquals(ConfigKeys.CLERK_SECRET_KEY, e.key());
        assertFalse(e.getMessage().contains("hunter2"), "the value is never in the message: " + e.getMessage());
    }

    @Test
    void theSettingsNeverPrintTheSecretKey() {
        ClerkSettings s = clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).set(ConfigKeys.CLERK_SECRET_KEY, SECRET).build()
                .clerk().orElseThrow();
        assertFalse(s.toString().contains(SECRET));
        assertTrue(s.handshakeEnabled());
        assertEquals(URI.create("https://api.clerk.com/v1/jwks"), s.backendJwksUrl());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pk_live_", "pk_prod_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ", "pk_live_!!!!",
            "pk_live_ZXZpbC5leGFtcGxl" /* evil.example without the $ */, "sk_live_abc"})
    void aMalformedPublishableKeyIsNamed(String key) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> clerk().set(ConfigKeys.CLERK_PUBLISHABLE_KEY, key).build());
        assertEquals(ConfigKeys.CLERK_PUBLISHABLE_KEY, e.key());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://clerk.example.com", "ftp://clerk.example.com", "https://clerk.example.com?x=1",
            "https://user@clerk.example.com", "clerk example"})
    void aFrontendApiThatIsNotHttpsIsRefused(String url) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> clerk().set(ConfigKeys.CLERK_FRONTEND_API, url).build());
        assertEquals(ConfigKeys.CLERK_FRONTEND_API, e.key());
    }

    @Test
    void plainHttpIsAcceptedOnLoopbackForDevelopment() {
        MultiSessionConfig c = clerk().set(ConfigKeys.CLERK_FRONTEND_API, "http://127.0.0.1:8123")
                .set(ConfigKeys.CLERK_API_URL, "http://localhost:8124").set(ConfigKeys.CLERK_SECRET_KEY, SECRET).build();
        assertEquals("http://127.0.0.1:8123", c.issuer());
        assertEquals(URI.create("http://localhost:8124/v1/jwks"), c.clerk().orElseThrow().backendJwksUrl());
    }

    @Test
    void pathPrefixSelectionWithTheClerkProfileFailsNamingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> clerk()
                .set(ConfigKeys.CLERK_PUBLISHABLE_KEY, PK).set(ConfigKeys.PATH_PREFIX_SELECTION, "true").build());
        assertEquals(ConfigKeys.PATH_PREFIX_SELECTION, e.key());
    }

    @Test
    void anUnknownProfileIsNamed() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> MultiSessionConfig.builder().set(ConfigKeys.TOKEN_PROFILE, "auth0").build());
        assertEquals(ConfigKeys.TOKEN_PROFILE, e.key());
    }

    @Test
    void theDefaultProfileIsThisLibrarysOwn() {
        MultiSessionConfig c = MultiSessionConfig.builder().build();
        assertEquals(TokenProfile.MULTISESSION, c.tokenProfile());
        assertTrue(c.clerk().isEmpty());
    }
}
