package dev.multisession.servlet.testing;

import dev.multisession.core.testing.LogCapture;

import java.util.Collection;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/how-it-works.md: "Never" over captured logs: no message holds token material ({@code eyJ}, the start of
 * every JWS header), any secret value a test sent (cookie values, tokens, CSRF tokens), or a
 * raw CR/LF (a line break from input would let a client forge log lines). Failure messages
 * never print the secret itself.
 *
 * <pre>{@code
 * try (LogCapture logs = new LogCapture()) {
 *     ... requests ...
 *     LogChecks.assertNoSecrets(logs, browser.cookies().values());
 * }
 * }</pre>
 */
public final class LogChecks {
    private LogChecks() {
    }

    public static void assertNoSecrets(LogCapture logs, Collection<String> sentValues) {
        int i = 0;
        for (String message : logs.messages()) {
            i++;
            if (message == null) {
                continue;
            }
            if (message.contains("eyJ")) {
                fail("log message " + i + " holds token material (eyJ…)");
            }
            if (message.indexOf('\r') >= 0 || message.indexOf('\n') >= 0) {
                fail("log message " + i + " holds a raw CR or LF");
            }
            int j = 0;
            for (String secret : sentValues) {
                j++;
                if (secret != null && secret.length() >= 8 && message.contains(secret)) {
                    fail("log message " + i + " holds sent value #" + j);
                }
            }
        }
    }
}
