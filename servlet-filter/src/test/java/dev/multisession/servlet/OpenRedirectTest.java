package dev.multisession.servlet;

import dev.multisession.servlet.safety.RedirectValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RedirectValidator} (docs/how-it-works.md: "Endpoints", "Never"): only a local path or an allow-listed origin is
 * followed; every other {@code redirect_url}, including the usual open-redirect tricks, yields
 * nothing so the caller falls back to its default. It never throws.
 */
class OpenRedirectTest {
    private static final RedirectValidator VALIDATOR = new RedirectValidator(Set.of("https://allowed.example"));

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "//evil.example",
            "//evil.example/inbox",
            "/\\evil.example",
            "\\\\evil.example",
            "\\/evil.example",
            "https:evil.example",
            "https:/evil.example",
            "%2F%2Fevil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)",
            "/ok%0d%0aSet-Cookie:x=y",
            "/ok\r\nSet-Cookie:x=y",
            "/ok\nLocation: https://evil.example",
            "/ok%0aSet-Cookie:x=y",
            "/ok%00",
            "/ok\u0000",
            "\t//evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            " //evil.example",
            "/ /evil.example",
            "\u3000//evil.example",
            "/%C2%85/evil.example",
            "/\u2028/evil.example",
            "https://evil.example",
            "http://evil.example/",
            "HTTPS://EVIL.EXAMPLE",
            "http://allowed.example.evil.com",
            "https://allowed.example.evil.com/path",
            "https://user@allowed.example",
            "https://user:pass@allowed.example/x",
            "https://allowed.example@evil.example",
            "https://allowed.example%40evil.example",
            "https://allowed.example%2F@evil.example",
            "https://allowed.example\\@evil.example",
            "http://allowed.example",
            "https://allowed.example:8443/",
            "https://allowed.example./",
            "//allowed.example/x",
            "ftp://allowed.example/",
            "https://[::1]/",
            "https://",
            "evil.example",
            "inbox",
            "?next=/",
            "#top",
            "/%",
            "/%E0%A4%A",
            ""})
    void unsafeTargetIsRefused(String target) {
        assertEquals(Optional.empty(), VALIDATOR.validate(target));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/", "/inbox", "/inbox?x=1#y", "/inbox?next=%2Finbox", "/a/b/c.html", "/search?q=a+b",
            "/caf%C3%A9", "/inbox?next=//evil.example"})
    void localPathIsKeptAsGiven(String target) {
        assertEquals(Optional.of(target), VALIDATOR.validate(target));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"https://allowed.example", "https://allowed.example/", "https://allowed.example/inbox?x=1#y",
            "https://ALLOWED.example/inbox"})
    void allowListedOriginIsKept(String target) {
        assertEquals(Optional.of(target), VALIDATOR.validate(target));
    }

    @Test
    void nullIsRefused() {
        assertEquals(Optional.empty(), VALIDATOR.validate(null));
    }

    @Test
    void overlongTargetIsRefused() {
        assertEquals(Optional.empty(), VALIDATOR.validate("/" + "a".repeat(5000)));
    }

    @Test
    void withoutAllowListEveryAbsoluteUrlIsRefused() {
        RedirectValidator strict = new RedirectValidator(Set.of());
        assertEquals(Optional.empty(), strict.validate("https://allowed.example/"));
        assertEquals(Optional.of("/inbox"), strict.validate("/inbox"));
    }

    @Test
    void acceptedTargetNeverHoldsControlCharactersOrBackslashes() {
        Random random = new Random(42);
        String alphabet = "/\\:%0aAdD2fF5cC.@?#&=\r\n\t \u0000\u0085\u2028ehtps";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = 1 + random.nextInt(24);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = sb.toString();
            Optional<String> kept = VALIDATOR.validate(candidate); // never throws
            kept.ifPresent(k -> {
                assertTrue(k.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\'), candidate);
                assertTrue(k.startsWith("/") && !k.startsWith("//"), candidate);
            });
        }
    }
}
