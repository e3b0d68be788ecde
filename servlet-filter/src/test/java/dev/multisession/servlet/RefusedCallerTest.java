package dev.multisession.servlet;

import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.authentication.MultiSessionAuthModule;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.TestApp;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.module.ServerAuthModule;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.security.jaspi.provider.JaspiAuthConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A container that refuses the caller the module sets (WildFly's {@code integrated-jaspi=true}:
 * "ELY01177: Authorization failed" for a user its realm does not know) gets one log line naming
 * the server setting to change, not only a bare 500. The refusal is played by a callback handler.
 */
class RefusedCallerTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        AuthConfigFactory.getFactory().registerConfigProvider(new JaspiAuthConfigProvider(new RefusingContainer()),
                "HttpServlet", "server /app", "a container that refuses callers");
        app = TestApp.builder().containerConstraint("/secure/*", "org:admin").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        AuthConfigFactory.setFactory(null);
    }

    @Test
    void aRefusedCallerIsLoggedNamingWildFlysIntegratedJaspiSetting() {
        Browser alice = app.browser();
        assertEquals(200, alice.post("/login", Map.of("user", "alice", "org", "acme")).status());
        try (LogCapture logs = new LogCapture()) {
            Browser.Response r = alice.get("/secure/report");
            assertTrue(r.status() >= 500, "the request cannot pass as anyone: " + r.status());
            List<String> errors = logs.messages(Level.SEVERE);
            assertTrue(errors.stream().anyMatch(m -> m.contains("integrated-jaspi=false") && m.contains("ELY01177")),
                    "an error names the setting: " + errors);
        }
    }

    /** The library's module, given a container callback handler that refuses every caller. */
    static final class RefusingContainer implements ServerAuthModule {
        private final MultiSessionAuthModule module = new MultiSessionAuthModule();

        @Override
        public void initialize(MessagePolicy request, MessagePolicy response, CallbackHandler handler,
                               @SuppressWarnings("rawtypes") Map options) throws AuthException {
            module.initialize(request, response, callbacks -> {
                throw new SecurityException("ELY01177: Authorization failed.");
            }, options);
        }

        @Override
        public Class<?>[] getSupportedMessageTypes() {
            return module.getSupportedMessageTypes();
        }

        @Override
        public AuthStatus validateRequest(MessageInfo info, Subject client, Subject service) throws AuthException {
            return module.validateRequest(info, client, service);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo info, Subject service) throws AuthException {
            return module.secureResponse(info, service);
        }

        @Override
        public void cleanSubject(MessageInfo info, Subject subject) throws AuthException {
            module.cleanSubject(info, subject);
        }
    }
}
