package dev.multisession.servlet;

import dev.multisession.core.store.StoreUnavailableException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code Retry-After} of a 503 for an unreachable session store: the failure's own estimate
 * in whole seconds, rounded up, at least 1; 5 when the failure has none.
 */
class StoreRetryAfterTest {

    @Test
    void aFailureWithoutAnEstimateIsAnsweredWithFiveSeconds() {
        assertEquals("5", Challenges.retryAfterSeconds(new StoreUnavailableException("down")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT0S, 1", "PT0.001S, 1", "PT1S, 1", "PT1.001S, 2", "PT4.5S, 5", "PT30S, 30", "PT5M, 300"})
    void anEstimateIsAnsweredInWholeSecondsRoundedUpAndAtLeastOne(String estimate, String header) {
        assertEquals(header, Challenges.retryAfterSeconds(
                new StoreUnavailableException("circuit open", Duration.parse(estimate))));
    }
}
