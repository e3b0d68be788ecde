package dev.multisession.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the keys that wire the engine's parts by configuration ({@code multisession.store},
 * {@code multisession.organization-directory}, {@code multisession.organizations.membership-cache-ttl}):
 * defaults, accepted values, refusal messages that name the key and the fix, and the raw lookup a
 * store module reads its own keys with.
 */
class WiringConfigTest {

    private static MultiSessionConfig fromMap(Map<String, String> values) {
        return MultiSessionConfig.builder().from(ConfigSource.map(values)).build();
    }

    private static String failsFromMap(String key, String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> fromMap(Map.of(key, value)));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
    }

    // ------------------------------------------------------------------ keys



    // ------------------------------------------------------------------ multisession.store

    @Test
    void theStoreDefaultsToMemory() {
        assertEquals("memory", MultiSessionConfig.builder().build().store());
    }

    @Test
    void theStoreIsReadTrimmed() {
        assertEquals("redis", fromMap(Map.of(ConfigKeys.STORE, " redis ")).store());
    }

    @Test
    void theStoreAcceptsAClassName() {
        assertEquals("com.example.store.My$Store", fromMap(Map.of(ConfigKeys.STORE, "com.example.store.My$Store")).store());
    }

    @Test
    void theStoreSetterBeatsTheSources() {
        assertEquals("redis", MultiSessionConfig.builder().store("redis")
                .from(ConfigSource.map(Map.of(ConfigKeys.STORE, "memory"))).build().store());
    }

    @Test
    void anEmptyStoreIsRefusedWithTheFix() {
        String message = failsFromMap(ConfigKeys.STORE, " ");
        assertContains("must not be empty", message);
        assertContains("write memory (the default), the name of a store provider", message);
    }

    @Test
    void aStoreThatIsNeitherANameNorAClassNameIsRefusedWithTheFix() {
        String message = failsFromMap(ConfigKeys.STORE, "redis://localhost:6379");
        assertContains("'redis://localhost:6379' is not a store name", message);
        assertContains("fully qualified class name of a SessionStore", message);
        assertContains("(from setting " + ConfigKeys.STORE + ")", message);
    }

    // ------------------------------------------------------------------ multisession.organization-directory

    @Test
    void theOrganizationDirectoryDefaultsToNone() {
        assertEquals(Optional.empty(), MultiSessionConfig.builder().build().organizationDirectoryClass());
    }

    @Test
    void theOrganizationDirectoryIsReadTrimmed() {
        assertEquals(Optional.of("com.example.MyDirectory"),
                fromMap(Map.of(ConfigKeys.ORGANIZATION_DIRECTORY, " com.example.MyDirectory ")).organizationDirectoryClass());
    }

    @Test
    void aBlankOrganizationDirectoryMeansNone() {
        assertEquals(Optional.empty(), fromMap(Map.of(ConfigKeys.ORGANIZATION_DIRECTORY, " ")).organizationDirectoryClass());
    }

    @Test
    void anOrganizationDirectoryThatIsNotAClassNameIsRefusedWithTheFix() {
        String message = failsFromMap(ConfigKeys.ORGANIZATION_DIRECTORY, "com.example.My Directory");
        assertContains("'com.example.My Directory' is not a class name", message);
        assertContains("write the fully qualified class name of your OrganizationDirectory", message);
    }

    @Test
    void anOrganizationDirectoryWithAControlCharacterIsRefusedWithoutEchoingIt() {
        String message = failsFromMap(ConfigKeys.ORGANIZATION_DIRECTORY, "com.example.My\u0000Directory");
        assertContains("'com.example.My?Directory' is not a class name", message);
    }

    // ------------------------------------------------------------------ multisession.organizations.membership-cache-ttl

    @Test
    void theMembershipCacheTtlDefaultsToTheTokenLifetime() {
        assertEquals(Duration.ofSeconds(60), MultiSessionConfig.builder().build().organizationMembershipCacheTtl());
    }

    @Test
    void theMembershipCacheTtlDefaultFollowsAConfiguredTokenLifetime() {
        assertEquals(Duration.ofMinutes(5), fromMap(Map.of(ConfigKeys.TOKEN_LIFETIME, "5m")).organizationMembershipCacheTtl());
    }

    @Test
    void theMembershipCacheTtlIsRead() {
        assertEquals(Duration.ofSeconds(30),
                fromMap(Map.of(ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL, "30s")).organizationMembershipCacheTtl());
    }

    @Test
    void theMembershipCacheTtlMayBeOneHour() {
        assertEquals(Duration.ofHours(1), MultiSessionConfig.builder()
                .organizationMembershipCacheTtl(Duration.ofHours(1)).build().organizationMembershipCacheTtl());
    }

    @Test
    void aZeroMembershipCacheTtlIsRefused() {
        assertContains("must be a positive duration", failsFromMap(ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL, "0s"));
    }

    @Test
    void aMembershipCacheTtlOverOneHourIsRefusedWithTheReason() {
        String message = failsFromMap(ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL, "61m");
        assertContains("must be at most 1h", message);
        assertContains("the default is " + ConfigKeys.TOKEN_LIFETIME, message);
    }

    @Test
    void aMembershipCacheTtlThatIsNotADurationIsRefused() {
        assertContains("'soon' is not a duration", failsFromMap(ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL, "soon"));
    }

    // ------------------------------------------------------------------ raw lookup

    @Test
    void rawReadsAKeyNoModuleOfTheCoreKnowsFromTheFirstSourceThatHasIt() {
        MultiSessionConfig config = MultiSessionConfig.builder()
                .from(ConfigSource.map(Map.of("multisession.redis.url", "redis://a")))
                .from(ConfigSource.map(Map.of("multisession.redis.url", "redis://b", "multisession.redis.pool", "8")))
                .build();
        assertEquals(Optional.of("redis://a"), config.raw("multisession.redis.url"));
        assertEquals(Optional.of("8"), config.raw("multisession.redis.pool"));
        assertEquals(Optional.empty(), config.raw("multisession.redis.password"));
    }

    @Test
    void rawReadsTheEnvironmentByVariableName() {
        MultiSessionConfig config = MultiSessionConfig.builder()
                .from(ConfigSource.environment(Map.of("MULTISESSION_REDIS_URL", "redis://env"))).build();
        assertEquals(Optional.of("redis://env"), config.raw("multisession.redis.url"));
    }

    @Test
    void rawPrefersAValueGivenToSet() {
        MultiSessionConfig config = MultiSessionConfig.builder()
                .from(ConfigSource.map(Map.of(ConfigKeys.STORE, "memory")))
                .set(ConfigKeys.STORE, "redis").build();
        assertEquals(Optional.of("redis"), config.raw(ConfigKeys.STORE));
    }

    @Test
    void readingSourcesDoesNotCheckForUnknownKeys() {
        MultiSessionConfig config = fromMap(Map.of("multisession.sesions.max-per-client", "3"));
        assertEquals(5, config.maxSessionsPerClient());
        assertFalse(config.raw("multisession.sesions.max-per-client").isEmpty());
    }
}
