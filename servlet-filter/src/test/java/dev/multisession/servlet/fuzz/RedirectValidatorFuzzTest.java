package dev.multisession.servlet.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.multisession.servlet.safety.RedirectValidator;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of {@link RedirectValidator#validate}: it never throws, returns the input
 * unchanged when it accepts it, and whatever it accepts stays on the app's host or goes to the
 * allow-listed origin when a browser resolves it against a page of the app — also after one
 * round of percent-decoding — and holds no control character, whitespace or backslash.
 */
class RedirectValidatorFuzzTest {
    private static final RedirectValidator VALIDATOR = new RedirectValidator(Set.of("https://allowed.example"));
    private static final URI PAGE = URI.create("https://app.example/app/page");
    private static final String[] PARTS = {"/", "//", "\\", "%2F", "%5C", "https:", "http://", "allowed.example", "@", "evil.example",
            "%0d%0a", "\t", ":", "#", "?", "%", "."};

    @FuzzTest
    void acceptedTargetsStayOnTheAppOrTheAllowList(FuzzedDataProvider data) {
        StringBuilder sb = new StringBuilder();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            sb.append(data.consumeBoolean() ? data.pickValue(PARTS) : data.consumeString(12));
        }
        sb.append(data.consumeRemainingAsString());
        String raw = sb.toString();
        Optional<String> accepted = VALIDATOR.validate(raw);
        if (accepted.isEmpty()) {
            return;
        }
        assertEquals(raw, accepted.get(), "an accepted target is returned unchanged");
        for (char c : raw.toCharArray()) {
            assertFalse(c < 0x20 || c == 0x7F || c == '\\' || Character.isWhitespace(c), "accepted a control, space or backslash");
        }
        String host = hostWhenResolved(raw);
        assertTrue(host == null || host.equals("app.example") || host.equals("allowed.example"), "leaves to " + host);
        if (raw.startsWith("/")) {
            assertFalse(raw.startsWith("//") || raw.startsWith("/\\"), "a protocol-relative target");
            String decoded = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            String decodedHost = hostWhenResolved(decoded);
            assertTrue(decodedHost == null || decodedHost.equals("app.example"), "leaves after decoding to " + decodedHost);
        }
    }

    /** The host a browser would go to, roughly (java.net.URI is stricter than a browser; unparseable → null). */
    private static String hostWhenResolved(String target) {
        try {
            URI resolved = PAGE.resolve(new URI(target));
            if (resolved.getScheme() != null && !resolved.getScheme().equalsIgnoreCase("https")
                    && !resolved.getScheme().equalsIgnoreCase("http")) {
                fail("accepted a " + resolved.getScheme() + ": target");
            }
            return resolved.getHost() == null ? null : resolved.getHost().toLowerCase(java.util.Locale.ROOT);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
