package dev.multisession.servlet.adversarial;

import dev.multisession.core.testing.LogCapture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Registered on every adversarial test class: captures every {@code java.util.logging} record under
 * {@code dev.multisession} for the whole class and, after its last test, fails the class when any
 * message holds token material ({@code eyJ}), a signature segment or any other value a test sent
 * (tokens, cookie values — recorded through {@link #sent}), or a raw CR or LF. Failure messages
 * never print the secret. docs/how-it-works.md: "Never".
 */
public final class SuiteLogCheck implements BeforeAllCallback, AfterAllCallback {
    private static final Set<String> SENT = ConcurrentHashMap.newKeySet();
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SuiteLogCheck.class);

    /** Remembers values an attack sent (a token and each of its segments, a cookie value) so no log may hold them. */
    public static void sent(String value) {
        if (value == null) {
            return;
        }
        if (value.length() >= 12) {
            SENT.add(value);
        }
        for (String part : value.split("\\.")) {
            if (part.length() >= 16) {
                SENT.add(part);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("logs", new LogCapture());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try (LogCapture logs = context.getStore(NS).remove("logs", LogCapture.class)) {
            List<String> messages = logs.messages();
            assertFalse(messages.isEmpty(), "control: the attacks of " + context.getDisplayName() + " logged nothing");
            check(messages, SENT);
        }
    }

    /** The suite's rule on a list of messages; package-visible so that it can be shown to fail. */
    static void check(List<String> messages, Set<String> sent) {
        int i = 0;
        for (String m : messages) {
            i++;
            if (m == null) {
                continue;
            }
            if (m.contains("eyJ")) {
                fail("log message " + i + " holds token material (eyJ…)");
            }
            if (m.indexOf('\r') >= 0 || m.indexOf('\n') >= 0) {
                fail("log message " + i + " holds a raw CR or LF");
            }
            for (String s : sent) {
                if (m.contains(s)) {
                    fail("log message " + i + " holds a value an attack sent (" + s.length() + " chars)");
                }
            }
        }
    }
}
