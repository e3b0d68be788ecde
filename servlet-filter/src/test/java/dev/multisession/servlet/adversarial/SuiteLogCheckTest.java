package dev.multisession.servlet.adversarial;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The suite-wide log rule can fail: each kind of leak is caught, and a clean reason line passes. */
class SuiteLogCheckTest {
    @Test
    void tokenMaterialFails() {
        assertThrows(AssertionFailedError.class, () -> SuiteLogCheck.check(List.of("bearer eyJhbGciOi"), Set.of()));
    }

    @Test
    void rawLineBreakFails() {
        assertThrows(AssertionFailedError.class, () -> SuiteLogCheck.check(List.of("reason=x\r\nforged"), Set.of()));
    }

    @Test
    void aSentValueFails() {
        assertThrows(AssertionFailedError.class,
                () -> SuiteLogCheck.check(List.of("cookie AbCdEfGhIjKlMnOpQr"), Set.of("AbCdEfGhIjKlMnOpQr")));
    }

    @Test
    void aReasonLineWithAShortHashPasses() {
        assertDoesNotThrow(() -> SuiteLogCheck.check(
                List.of("multisession: session cookie ignored, reason=token_bad_signature, session 3f2a9c"), Set.of("AbCdEfGhIjKlMnOpQr")));
    }
}
