package dev.multisession.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the store circuit breaker's keys, {@code multisession.store.circuit-breaker.failures}
 * and {@code multisession.store.circuit-breaker.open-for}: the README's defaults, how they are
 * read, and refusals that name the key and the fix.
 */
class CircuitBreakerConfigTest {

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




    // ------------------------------------------------------------------ defaults and values

    @Test
    void theBreakerOpensAfterFiveFailuresByDefault() {
        assertEquals(5, MultiSessionConfig.builder().build().storeCircuitBreakerFailures());
    }

    @Test
    void theBreakerStaysOpenForFiveSecondsByDefault() {
        assertEquals(Duration.ofSeconds(5), MultiSessionConfig.builder().build().storeCircuitBreakerOpenFor());
    }

    @Test
    void bothKeysAreReadFromASource() {
        MultiSessionConfig c = fromMap(Map.of(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES, " 3 ",
                ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, "1500ms"));
        assertEquals(3, c.storeCircuitBreakerFailures());
        assertEquals(Duration.ofMillis(1500), c.storeCircuitBreakerOpenFor());
    }

    @Test
    void zeroFailuresIsAcceptedAndMeansNoBreaker() {
        assertEquals(0, fromMap(Map.of(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES, "0")).storeCircuitBreakerFailures());
    }

    @Test
    void theLongestOpenForIsFiveMinutes() {
        assertEquals(Duration.ofMinutes(5),
                fromMap(Map.of(ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, "5m")).storeCircuitBreakerOpenFor());
        assertEquals(MultiSessionConfig.MAX_CIRCUIT_BREAKER_OPEN_FOR, Duration.ofMinutes(5));
    }

    @Test
    void theSettersBeatTheSources() {
        MultiSessionConfig c = MultiSessionConfig.builder().storeCircuitBreakerFailures(2)
                .storeCircuitBreakerOpenFor(Duration.ofSeconds(30))
                .from(ConfigSource.map(Map.of(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES, "9",
                        ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, "1s")))
                .build();
        assertEquals(2, c.storeCircuitBreakerFailures());
        assertEquals(Duration.ofSeconds(30), c.storeCircuitBreakerOpenFor());
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void negativeFailuresAreRefusedNamingTheKeyAndTheOff() {
        String message = failsFromMap(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES, "-1");
        assertContains("must be 0 (no circuit breaker) or more", message);
    }

    @Test
    void failuresThatAreNotANumberAreRefusedNamingTheKey() {
        assertContains("is not a whole number", failsFromMap(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES, "five"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "0ms", "PT0.0005S", "PT-1S", "6m", "1h"})
    void anOpenForOutsideOneMillisecondToFiveMinutesIsRefusedWithTheReason(String raw) {
        String message = failsFromMap(ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, raw);
        assertContains("must be between 1ms and 5m", message);
        assertContains("fail even if the store is back", message);
    }

    @Test
    void anOpenForThatIsNotADurationIsRefusedNamingTheKey() {
        assertContains("is not a duration", failsFromMap(ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, "soon"));
    }

    @Test
    void aNullOpenForGivenToTheSetterIsRefusedNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> MultiSessionConfig.builder().storeCircuitBreakerOpenFor(null).build());
        assertEquals(ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, e.key());
    }

    @Test
    void aBadValueFromASourceSaysWhereItCameFrom() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> MultiSessionConfig.builder()
                .from(ConfigSource.map(Map.of(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES, "-3"))).build());
        assertContains("(from setting multisession.store.circuit-breaker.failures)", e.getMessage());
    }
}
