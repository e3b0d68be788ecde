package dev.multisession.core.config;

import com.nimbusds.jose.JWSAlgorithm;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the configuration of docs/how-it-works.md: "Configuration" and the README's key table: the defaults, the
 * precedence of builder setters over sources and of earlier sources over later ones, the
 * environment variable names, the accepted duration forms, and that every invalid value fails
 * {@code build()} (or reading a source) with a {@link ConfigurationException} that names the key
 * at fault, the fix, and — for a value read from a source — where it came from, without echoing
 * control characters.
 */
class MultiSessionConfigTest {

    private static final String PEM = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----";

    private static MultiSessionConfig fromMap(Map<String, String> values) {
        return MultiSessionConfig.builder().from(ConfigSource.map(values)).build();
    }

    private static ConfigurationException failsWith(String key, Executable build) {
        ConfigurationException e = assertThrows(ConfigurationException.class, build);
        assertEquals(key, e.key(), "key() names the key at fault");
        assertTrue(e.getMessage().contains(key), () -> "message names the key: " + e.getMessage());
        return e;
    }

    private static ConfigurationException failsFromMap(String key, String value) {
        return failsWith(key, () -> fromMap(Map.of(key, value)));
    }

    // ------------------------------------------------------------------ defaults

    @Test
    void defaultsMatchTheReadme() {
        MultiSessionConfig c = MultiSessionConfig.builder().build();
        assertAll(
                () -> assertEquals(Mode.ISSUER, c.mode()),
                () -> assertEquals("multisession", c.issuer()),
                () -> assertEquals(JWSAlgorithm.RS256, c.algorithm()),
                () -> assertEquals(Duration.ofSeconds(60), c.tokenLifetime()),
                () -> assertEquals(Duration.ofSeconds(15), c.refreshWindow()),
                () -> assertEquals(4096, c.tokenMaxLength()),
                () -> assertEquals(Duration.ofSeconds(5), c.clockSkew()),
                () -> assertEquals(Set.of(), c.authorizedParties()),
                () -> assertEquals(Duration.ofDays(7), c.sessionLifetime()),
                () -> assertEquals(Optional.empty(), c.inactivityTimeout()),
                () -> assertEquals(Duration.ofSeconds(60), c.touchInterval()),
                () -> assertEquals(5, c.maxSessionsPerClient()),
                () -> assertFalse(c.evictAtCap()),
                () -> assertFalse(c.hasConfiguredSigningKeys()),
                () -> assertEquals(Optional.empty(), c.jwksUrl()),
                () -> assertEquals(Optional.empty(), c.publicKeyPem()),
                () -> assertEquals(Duration.ofMinutes(5), c.jwksCacheTtl()),
                () -> assertEquals(Duration.ofSeconds(15), c.jwksRefreshTimeout()),
                () -> assertEquals(Duration.ofSeconds(30), c.jwksRateLimit()),
                () -> assertEquals(Duration.ofHours(1), c.jwksOutageTolerance()),
                () -> assertEquals(100_000, c.verifiedTokenCacheSize()),
                () -> assertFalse(c.pathPrefixSelection()));
    }

    @Test
    void theClockIsTheOneGivenToTheBuilder() {
        MutableClock clock = MutableClock.atFixedStart();
        assertSame(clock, MultiSessionConfig.builder().clock(clock).build().clock());
    }

    @Test
    void everyKeyIsReadFromASource() {
        Map<String, String> all = Map.ofEntries(
                Map.entry(ConfigKeys.MODE, "verifier"),
                Map.entry(ConfigKeys.ISSUER, "https://app.example"),
                Map.entry(ConfigKeys.TOKEN_ALGORITHM, "ES256"),
                Map.entry(ConfigKeys.TOKEN_LIFETIME, "2m"),
                Map.entry(ConfigKeys.TOKEN_REFRESH_WINDOW, "20s"),
                Map.entry(ConfigKeys.TOKEN_MAX_LENGTH, "2048"),
                Map.entry(ConfigKeys.CLOCK_SKEW, "3s"),
                Map.entry(ConfigKeys.AUTHORIZED_PARTIES, " https://a.example, ,https://b.example "),
                Map.entry(ConfigKeys.SESSION_LIFETIME, "30d"),
                Map.entry(ConfigKeys.SESSION_INACTIVITY_TIMEOUT, "2h"),
                Map.entry(ConfigKeys.SESSION_TOUCH_INTERVAL, "30s"),
                Map.entry(ConfigKeys.SESSIONS_MAX_PER_CLIENT, "3"),
                Map.entry(ConfigKeys.SESSIONS_EVICT_AT_CAP, "TRUE"),
                Map.entry(ConfigKeys.VERIFY_JWKS_URL, "https://issuer.example/.well-known/jwks.json"),
                Map.entry(ConfigKeys.JWKS_CACHE_TTL, "10m"),
                Map.entry(ConfigKeys.JWKS_REFRESH_TIMEOUT, "5s"),
                Map.entry(ConfigKeys.JWKS_RATE_LIMIT, "1m"),
                Map.entry(ConfigKeys.JWKS_OUTAGE_TOLERANCE, "2h"),
                Map.entry(ConfigKeys.VERIFIED_TOKEN_CACHE_SIZE, "500"),
                Map.entry(ConfigKeys.PATH_PREFIX_SELECTION, "true"));
        MultiSessionConfig c = fromMap(all);
        assertAll(
                () -> assertEquals(Mode.VERIFIER, c.mode()),
                () -> assertEquals("https://app.example", c.issuer()),
                () -> assertEquals(JWSAlgorithm.ES256, c.algorithm()),
                () -> assertEquals(Duration.ofMinutes(2), c.tokenLifetime()),
                () -> assertEquals(Duration.ofSeconds(20), c.refreshWindow()),
                () -> assertEquals(2048, c.tokenMaxLength()),
                () -> assertEquals(Duration.ofSeconds(3), c.clockSkew()),
                () -> assertEquals(Set.of("https://a.example", "https://b.example"), c.authorizedParties()),
                () -> assertEquals(Duration.ofDays(30), c.sessionLifetime()),
                () -> assertEquals(Optional.of(Duration.ofHours(2)), c.inactivityTimeout()),
                () -> assertEquals(Duration.ofSeconds(30), c.touchInterval()),
                () -> assertEquals(3, c.maxSessionsPerClient()),
                () -> assertTrue(c.evictAtCap()),
                () -> assertEquals(Optional.of(URI.create("https://issuer.example/.well-known/jwks.json")), c.jwksUrl()),
                () -> assertEquals(Duration.ofMinutes(10), c.jwksCacheTtl()),
                () -> assertEquals(Duration.ofSeconds(5), c.jwksRefreshTimeout()),
                () -> assertEquals(Duration.ofMinutes(1), c.jwksRateLimit()),
                () -> assertEquals(Duration.ofHours(2), c.jwksOutageTolerance()),
                () -> assertEquals(500, c.verifiedTokenCacheSize()),
                () -> assertTrue(c.pathPrefixSelection()));
    }

    @Test
    void signingKeySourcesAreReadAndCountAsConfiguredKeys() {
        MultiSessionConfig c = fromMap(Map.of(ConfigKeys.KEYS_JWKS_FILE, " /etc/app/keys.json ",
                ConfigKeys.KEYS_ACTIVE_KID, "k2"));
        assertEquals(Optional.of(Path.of("/etc/app/keys.json")), c.jwksFile());
        assertEquals(Optional.of("k2"), c.activeKid());
        assertTrue(c.hasConfiguredSigningKeys());
    }

    // ------------------------------------------------------------------ precedence

    @Test
    void aBuilderSetterBeatsASourceGivenAfterIt() {
        MultiSessionConfig c = MultiSessionConfig.builder()
                .tokenLifetime(Duration.ofSeconds(30))
                .from(ConfigSource.map(Map.of(ConfigKeys.TOKEN_LIFETIME, "90s")))
                .build();
        assertEquals(Duration.ofSeconds(30), c.tokenLifetime());
    }

    @Test
    void aBuilderSetterBeatsASourceGivenBeforeIt() {
        MultiSessionConfig c = MultiSessionConfig.builder()
                .from(ConfigSource.map(Map.of(ConfigKeys.TOKEN_LIFETIME, "90s")))
                .tokenLifetime(Duration.ofSeconds(30))
                .build();
        assertEquals(Duration.ofSeconds(30), c.tokenLifetime());
    }

    @Test
    void setWithRawTextBeatsSourcesLikeASetter() {
        MultiSessionConfig c = MultiSessionConfig.builder()
                .set(ConfigKeys.SESSIONS_MAX_PER_CLIENT, "2")
                .from(ConfigSource.map(Map.of(ConfigKeys.SESSIONS_MAX_PER_CLIENT, "4")))
                .build();
        assertEquals(2, c.maxSessionsPerClient());
    }

    @Test
    void aKeyMissingFromTheSetterFallsBackToTheSources() {
        MultiSessionConfig c = MultiSessionConfig.builder()
                .tokenLifetime(Duration.ofSeconds(30))
                .from(ConfigSource.map(Map.of(ConfigKeys.ISSUER, "https://app.example")))
                .build();
        assertEquals("https://app.example", c.issuer());
        assertEquals(Duration.ofSeconds(30), c.tokenLifetime());
    }

    @Test
    void theFirstSourceThatHasAKeyWins() {
        ConfigSource first = ConfigSource.map(Map.of(ConfigKeys.ISSUER, "https://first.example"));
        ConfigSource second = ConfigSource.map(Map.of(ConfigKeys.ISSUER, "https://second.example",
                ConfigKeys.TOKEN_LIFETIME, "45s"));
        MultiSessionConfig c = MultiSessionConfig.builder().from(first, second).build();
        assertEquals("https://first.example", c.issuer());
        assertEquals(Duration.ofSeconds(45), c.tokenLifetime(), "a key the first lacks comes from the second");
    }

    @Test
    void aMapBeatsSystemPropertiesWhichBeatTheEnvironment() {
        String issuerKey = ConfigKeys.ISSUER;
        String lifetimeKey = ConfigKeys.TOKEN_LIFETIME;
        String previousIssuer = System.getProperty(issuerKey);
        String previousLifetime = System.getProperty(lifetimeKey);
        try {
            System.setProperty(issuerKey, "https://property.example");
            System.setProperty(lifetimeKey, "40s");
            ConfigSource map = ConfigSource.map(Map.of(issuerKey, "https://map.example"));
            ConfigSource env = ConfigSource.environment(Map.of("MULTISESSION_ISSUER", "https://env.example",
                    "MULTISESSION_TOKEN_LIFETIME", "50s", "MULTISESSION_TOKEN_CLOCK_SKEW", "2s"));
            MultiSessionConfig c = MultiSessionConfig.builder()
                    .from(map, ConfigSource.systemProperties(), env)
                    .build();
            assertEquals("https://map.example", c.issuer());
            assertEquals(Duration.ofSeconds(40), c.tokenLifetime());
            assertEquals(Duration.ofSeconds(2), c.clockSkew());
        } finally {
            restore(issuerKey, previousIssuer);
            restore(lifetimeKey, previousLifetime);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }

    // ------------------------------------------------------------------ environment names

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("MULTISESSION_TOKEN_LIFETIME", ConfigSource.environmentName(ConfigKeys.TOKEN_LIFETIME));
        assertEquals("MULTISESSION_TOKEN_REFRESH_WINDOW", ConfigSource.environmentName(ConfigKeys.TOKEN_REFRESH_WINDOW));
        assertEquals("MULTISESSION_SESSIONS_MAX_PER_CLIENT", ConfigSource.environmentName(ConfigKeys.SESSIONS_MAX_PER_CLIENT));
    }

    @Test
    void theEnvironmentSourceReadsTheUpperCaseVariable() {
        MultiSessionConfig c = MultiSessionConfig.builder()
                .from(ConfigSource.environment(Map.of("MULTISESSION_TOKEN_LIFETIME", "90s",
                        "MULTISESSION_TOKEN_REFRESH_WINDOW", "30s")))
                .build();
        assertEquals(Duration.ofSeconds(90), c.tokenLifetime());
        assertEquals(Duration.ofSeconds(30), c.refreshWindow());
    }

    @Test
    void theEnvironmentSourceIgnoresVariablesNamedLikeTheDottedKey() {
        MultiSessionConfig c = MultiSessionConfig.builder()
                .from(ConfigSource.environment(Map.of(ConfigKeys.TOKEN_LIFETIME, "90s")))
                .build();
        assertEquals(Duration.ofSeconds(60), c.tokenLifetime());
    }

    // ------------------------------------------------------------------ duration forms

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "500ms, PT0.5S",
            "60s, PT60S",
            "5m, PT5M",
            "12h, PT12H",
            "7d, PT168H",
            "PT60S, PT60S",
            "pt2m, PT2M",
            "45, PT45S",
            "' 90s ', PT90S",
            "15S, PT15S"})
    void durationsAcceptShortFormsIsoAndBareSeconds(String raw, String expected) {
        MultiSessionConfig c = MultiSessionConfig.builder().set(ConfigKeys.JWKS_OUTAGE_TOLERANCE, raw).build();
        assertEquals(Duration.parse(expected), c.jwksOutageTolerance());
    }

    // ------------------------------------------------------------------ validation failures

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"ten seconds", "1.5h", "60 s", "5w", "-5s", "''", "PT", "9999999999s"})
    void aDurationThatDoesNotParseNamesTheKeyAndTheAcceptedForms(String raw) {
        ConfigurationException e = failsFromMap(ConfigKeys.TOKEN_LIFETIME, raw);
        assertTrue(e.getMessage().contains("500ms, 60s, 5m, 12h, 7d"), e.getMessage());
        assertTrue(e.getMessage().contains("PT60S"), e.getMessage());
    }

    @Test
    void aNegativeIsoDurationIsRefusedAsNotPositive() {
        ConfigurationException e = failsFromMap(ConfigKeys.SESSION_LIFETIME, "-PT1H");
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }

    @Test
    void aRefreshWindowAsLongAsTheTokenLifetimeIsRefused() {
        ConfigurationException e = failsWith(ConfigKeys.TOKEN_REFRESH_WINDOW, () -> MultiSessionConfig.builder()
                .tokenLifetime(Duration.ofSeconds(30)).refreshWindow(Duration.ofSeconds(30)).build());
        assertTrue(e.getMessage().contains("shorter than " + ConfigKeys.TOKEN_LIFETIME), e.getMessage());
    }

    @Test
    void aRefreshWindowLongerThanTheTokenLifetimeIsRefused() {
        failsWith(ConfigKeys.TOKEN_REFRESH_WINDOW, () -> fromMap(Map.of(
                ConfigKeys.TOKEN_LIFETIME, "20s", ConfigKeys.TOKEN_REFRESH_WINDOW, "1m")));
    }

    @Test
    void aRefreshWindowJustShorterThanTheTokenLifetimeIsAccepted() {
        MultiSessionConfig c = MultiSessionConfig.builder()
                .tokenLifetime(Duration.ofSeconds(30)).refreshWindow(Duration.ofSeconds(29)).build();
        assertEquals(Duration.ofSeconds(29), c.refreshWindow());
    }

    @Test
    void tokenLifetimesOutsideTenSecondsToOneHourAreRefused() {
        failsWith(ConfigKeys.TOKEN_LIFETIME, () -> MultiSessionConfig.builder()
                .tokenLifetime(Duration.ofSeconds(9)).refreshWindow(Duration.ZERO).build());
        failsWith(ConfigKeys.TOKEN_LIFETIME, () -> MultiSessionConfig.builder()
                .tokenLifetime(Duration.ofMinutes(61)).build());
        failsWith(ConfigKeys.TOKEN_LIFETIME, () -> MultiSessionConfig.builder().tokenLifetime(null).build());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "9", "-1"})
    void maxSessionsPerClientOutsideOneToEightIsRefusedWithTheReason(String raw) {
        ConfigurationException e = failsFromMap(ConfigKeys.SESSIONS_MAX_PER_CLIENT, raw);
        assertTrue(e.getMessage().contains("between 1 and 8"), e.getMessage());
        assertTrue(e.getMessage().contains("8 KB"), e.getMessage());
    }

    @Test
    void maxSessionsPerClientOfOneAndEightAreAccepted() {
        assertEquals(1, MultiSessionConfig.builder().maxSessionsPerClient(1).build().maxSessionsPerClient());
        assertEquals(8, MultiSessionConfig.builder().maxSessionsPerClient(8).build().maxSessionsPerClient());
    }

    @Test
    void aMaxSessionsValueThatIsNotANumberIsRefused() {
        ConfigurationException e = failsFromMap(ConfigKeys.SESSIONS_MAX_PER_CLIENT, "five");
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void verifierModeWithoutJwksUrlOrPemIsRefusedNamingBoth() {
        ConfigurationException e = failsFromMap(ConfigKeys.MODE, "verifier");
        assertTrue(e.getMessage().contains(ConfigKeys.VERIFY_JWKS_URL), e.getMessage());
        assertTrue(e.getMessage().contains(ConfigKeys.VERIFY_PUBLIC_KEY_PEM), e.getMessage());
    }

    @Test
    void verifierModeWithAPemPublicKeyIsAccepted() {
        MultiSessionConfig c = MultiSessionConfig.builder().mode(Mode.VERIFIER).publicKeyPem(PEM).build();
        assertEquals(Mode.VERIFIER, c.mode());
        assertEquals(Optional.of(PEM), c.publicKeyPem());
    }

    @Test
    void verifierModeWithSigningKeysIsRefused() {
        ConfigurationException e = failsWith(ConfigKeys.MODE, () -> MultiSessionConfig.builder()
                .mode(Mode.VERIFIER).publicKeyPem(PEM).jwks("{\"keys\":[]}").build());
        assertTrue(e.getMessage().contains(ConfigKeys.MODE + "=issuer"), e.getMessage());
    }

    @Test
    void twoSigningKeySourcesAtOnceAreRefusedNamingAllThree() {
        ConfigurationException e = failsWith(ConfigKeys.KEYS_JWKS_FILE, () -> fromMap(Map.of(
                ConfigKeys.KEYS_JWKS_FILE, "/etc/keys.json", ConfigKeys.KEYS_PEM_FILE, "/etc/key.pem")));
        assertTrue(e.getMessage().contains("only one of"), e.getMessage());
        assertTrue(e.getMessage().contains(ConfigKeys.KEYS_JWKS), e.getMessage());
        assertTrue(e.getMessage().contains(ConfigKeys.KEYS_PEM_FILE), e.getMessage());
    }

    @Test
    void bothAJwksUrlAndAPemPublicKeyAreRefused() {
        failsWith(ConfigKeys.VERIFY_JWKS_URL, () -> MultiSessionConfig.builder().mode(Mode.VERIFIER)
                .jwksUrl(URI.create("https://issuer.example/jwks.json")).publicKeyPem(PEM).build());
    }

    @Test
    void anHmacAlgorithmIsRefusedListingTheSupportedOnes() {
        ConfigurationException e = failsFromMap(ConfigKeys.TOKEN_ALGORITHM, "HS256");
        assertTrue(e.getMessage().contains("'HS256'"), e.getMessage());
        assertTrue(e.getMessage().contains("RS256") && e.getMessage().contains("ES256")
                && e.getMessage().contains("EdDSA") && e.getMessage().contains("PS256"), e.getMessage());
    }

    @Test
    void anHmacAlgorithmIsRefusedThroughTheSetterToo() {
        failsWith(ConfigKeys.TOKEN_ALGORITHM, () -> MultiSessionConfig.builder().algorithm(JWSAlgorithm.HS256));
    }

    @Test
    void algorithmNoneIsRefused() {
        failsFromMap(ConfigKeys.TOKEN_ALGORITHM, "none");
    }

    @Test
    void aBooleanOtherThanTrueOrFalseIsRefused() {
        ConfigurationException e = failsFromMap(ConfigKeys.PATH_PREFIX_SELECTION, "yes");
        assertTrue(e.getMessage().contains("write true or false"), e.getMessage());
    }

    @Test
    void anUnknownModeIsRefusedNamingTheModes() {
        ConfigurationException e = failsFromMap(ConfigKeys.MODE, "proxy");
        assertTrue(e.getMessage().contains("write issuer or verifier"), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"/jwks.json", "issuer.example/jwks.json", "https:///jwks.json", "'https://bad host/jwks'"})
    void aJwksUrlThatIsNotAnAbsoluteUrlIsRefused(String raw) {
        ConfigurationException e = failsFromMap(ConfigKeys.VERIFY_JWKS_URL, raw);
        assertTrue(e.getMessage().contains("URL"), e.getMessage());
    }

    @Test
    void aRelativeJwksUrlGivenToTheSetterIsRefusedNotANullPointer() {
        ConfigurationException e = failsWith(ConfigKeys.VERIFY_JWKS_URL, () -> MultiSessionConfig.builder()
                .mode(Mode.VERIFIER).jwksUrl(URI.create("/jwks.json")).build());
        assertTrue(e.getMessage().contains("absolute http(s) URL"), e.getMessage());
    }

    @Test
    void aJwksUrlWithAnotherSchemeIsRefused() {
        failsFromMap(ConfigKeys.VERIFY_JWKS_URL, "file://host/etc/jwks.json");
    }

    @Test
    void anEmptyIssuerIsRefusedWithAnExample() {
        ConfigurationException e = failsFromMap(ConfigKeys.ISSUER, "  ");
        assertTrue(e.getMessage().contains("https://app.example"), e.getMessage());
    }

    @Test
    void aSessionLifetimeNoLongerThanTheTokenLifetimeIsRefused() {
        failsWith(ConfigKeys.SESSION_LIFETIME, () -> MultiSessionConfig.builder()
                .sessionLifetime(Duration.ofSeconds(60)).build());
    }

    @Test
    void anInactivityTimeoutNoLongerThanTheTouchIntervalIsRefused() {
        failsWith(ConfigKeys.SESSION_INACTIVITY_TIMEOUT, () -> MultiSessionConfig.builder()
                .inactivityTimeout(Duration.ofSeconds(60)).build());
    }

    @Test
    void aNullTouchIntervalIsRefusedEvenWithAnInactivityTimeout() {
        failsWith(ConfigKeys.SESSION_TOUCH_INTERVAL, () -> MultiSessionConfig.builder()
                .inactivityTimeout(Duration.ofHours(1)).touchInterval(null).build());
    }

    @Test
    void anEmptyInactivityTimeoutMeansNone() {
        assertEquals(Optional.empty(), fromMap(Map.of(ConfigKeys.SESSION_INACTIVITY_TIMEOUT, " ")).inactivityTimeout());
    }

    @Test
    void aClockSkewOverFiveMinutesIsRefused() {
        failsFromMap(ConfigKeys.CLOCK_SKEW, "6m");
    }

    @Test
    void aTokenMaxLengthOutsideItsRangeIsRefused() {
        failsFromMap(ConfigKeys.TOKEN_MAX_LENGTH, "100");
        failsFromMap(ConfigKeys.TOKEN_MAX_LENGTH, "20000");
    }

    @Test
    void aJwksRefreshTimeoutNotShorterThanTheCacheTtlIsRefused() {
        failsWith(ConfigKeys.JWKS_REFRESH_TIMEOUT, () -> fromMap(Map.of(
                ConfigKeys.JWKS_CACHE_TTL, "10s", ConfigKeys.JWKS_REFRESH_TIMEOUT, "10s")));
    }

    @Test
    void anUnknownKeyGivenToSetIsRefused() {
        failsWith("multisession.token.lifetme", () -> MultiSessionConfig.builder()
                .set("multisession.token.lifetme", "60s"));
    }

    @Test
    void aFilePathThatCannotBeAPathIsAConfigurationError() {
        failsFromMap(ConfigKeys.KEYS_PEM_FILE, "/etc/key\0.pem");
    }

    // ------------------------------------------------------------------ where a bad value came from

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        ConfigurationException e = failsWith(ConfigKeys.TOKEN_LIFETIME, () -> MultiSessionConfig.builder()
                .from(ConfigSource.environment(Map.of("MULTISESSION_TOKEN_LIFETIME", "soon"))).build());
        assertTrue(e.getMessage().contains("environment variable MULTISESSION_TOKEN_LIFETIME"), e.getMessage());
    }

    @Test
    void aValueFromTheEnvironmentThatFailsValidationNamesTheVariable() {
        ConfigurationException e = failsWith(ConfigKeys.SESSIONS_MAX_PER_CLIENT, () -> MultiSessionConfig.builder()
                .from(ConfigSource.environment(Map.of("MULTISESSION_SESSIONS_MAX_PER_CLIENT", "9"))).build());
        assertTrue(e.getMessage().contains("environment variable MULTISESSION_SESSIONS_MAX_PER_CLIENT"), e.getMessage());
    }

    @Test
    void aBadValueFromSystemPropertiesNamesTheProperty() {
        String key = ConfigKeys.SESSIONS_EVICT_AT_CAP;
        String previous = System.getProperty(key);
        try {
            System.setProperty(key, "maybe");
            ConfigurationException e = failsWith(key, () -> MultiSessionConfig.builder()
                    .from(ConfigSource.systemProperties()).build());
            assertTrue(e.getMessage().contains("system property " + key), e.getMessage());
        } finally {
            restore(key, previous);
        }
    }

    @Test
    void aValueFromTheBuilderThatFailsValidationClaimsNoSource() {
        ConfigurationException e = failsWith(ConfigKeys.SESSIONS_MAX_PER_CLIENT, () -> MultiSessionConfig.builder()
                .from(ConfigSource.environment(Map.of("MULTISESSION_SESSIONS_MAX_PER_CLIENT", "3")))
                .maxSessionsPerClient(9).build());
        assertFalse(e.getMessage().contains("environment"), e.getMessage());
    }

    // ------------------------------------------------------------------ no raw control characters

    @Test
    void controlCharactersInABadValueAreNotEchoed() {
        String hostile = "60x\r\nX-Injected: 1\u0000\u001b[31m";
        ConfigurationException e = failsFromMap(ConfigKeys.TOKEN_LIFETIME, hostile);
        assertNoControlCharacters(e.getMessage());
        assertTrue(e.getMessage().contains("60x??X-Injected: 1??[31m"), e.getMessage());
    }

    @Test
    void unicodeLineBreaksAndBidiOverridesInABadValueAreNotEchoed() {
        ConfigurationException e = failsFromMap(ConfigKeys.MODE, "issuer\u0085\u2028\u202Eevil");
        assertNoControlCharacters(e.getMessage());
    }

    @Test
    void aLongBadValueIsShortenedInTheMessage() {
        ConfigurationException e = failsFromMap(ConfigKeys.MODE, "x".repeat(10_000));
        assertTrue(e.getMessage().length() < 400, () -> "message length " + e.getMessage().length());
    }

    private static void assertNoControlCharacters(String message) {
        message.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            assertFalse(type == Character.CONTROL || type == Character.FORMAT
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR,
                    () -> "unprintable U+" + Integer.toHexString(cp) + " in: " + message);
        });
    }
}
