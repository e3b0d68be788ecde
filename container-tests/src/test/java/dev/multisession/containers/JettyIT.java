package dev.multisession.containers;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.module.ServerAuthModule;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.security.jaspi.JaspiAuthenticatorFactory;
import org.eclipse.jetty.ee10.security.jaspi.provider.JaspiAuthConfigProvider;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Embedded Jetty 12 (ee10): each WAR in a {@link WebAppContext} with annotation scanning, Weld in
 * WEB-INF/lib and Jetty's CDI integration, and Jakarta Authentication with the library's module,
 * registered before the context starts (as the README says for embedded Jetty).
 */
class JettyIT extends ProbeScenario {
    @Override
    Deployment start(List<Path> wars, Path workDir) throws Exception {
        ConsoleCapture console = new ConsoleCapture();
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (Path war : wars) {
            String name = ProbeWar.contextName(war);
            WebAppContext webapp = new WebAppContext();
            webapp.setContextPath("/" + name);
            webapp.setWar(war.toString());
            webapp.setTempDirectory(workDir.resolve("jetty-" + name).toFile());
            webapp.setInitParameter("probe.register-auth-module", "false");
            // Jetty's JaspiConfiguration hides the Jakarta Authentication API from web apps; the
            // library's module (in WEB-INF/lib) implements it, so the web app must see the server's copy.
            webapp.addHiddenClassMatcher(new ClassMatcher("-jakarta.security.auth.message."));
            webapp.getSecurityHandler().setAuthenticatorFactory(new JaspiAuthenticatorFactory());
            AuthConfigFactory.getFactory().registerConfigProvider(new JaspiAuthConfigProvider(new WebappModule(webapp)),
                    "HttpServlet", "server /" + name, "the library's module, loaded by the web app");
            contexts.addHandler(webapp);
        }
        server.setHandler(contexts);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            console.close();
            throw e;
        }
        return new Deployment(Deployment.localOrigin(connector.getLocalPort()), console::text, () -> {
            try {
                server.stop();
            } finally {
                console.close();
                AuthConfigFactory.setFactory(null);
            }
        });
    }

    /**
     * {@code MultiSessionAuthModule} as the web app's class loader has it (its copy in
     * WEB-INF/lib, the one that shares the web app's runtime), created at the first request.
     */
    static final class WebappModule implements ServerAuthModule {
        private final WebAppContext webapp;
        private volatile ServerAuthModule module;
        private MessagePolicy requestPolicy;
        private MessagePolicy responsePolicy;
        private CallbackHandler handler;
        @SuppressWarnings("rawtypes")
        private Map options;

        WebappModule(WebAppContext webapp) {
            this.webapp = webapp;
        }

        private ServerAuthModule module() throws AuthException {
            ServerAuthModule m = module;
            if (m == null) {
                synchronized (this) {
                    if (module == null) {
                        try {
                            module = (ServerAuthModule) Class.forName("dev.multisession.servlet.authentication.MultiSessionAuthModule",
                                    true, webapp.getClassLoader()).getConstructor().newInstance();
                            module.initialize(requestPolicy, responsePolicy, handler, options);
                        } catch (ReflectiveOperationException e) {
                            throw (AuthException) new AuthException("no MultiSessionAuthModule in the web app").initCause(e);
                        }
                    }
                    m = module;
                }
            }
            return m;
        }

        @Override
        public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
                               @SuppressWarnings("rawtypes") Map options) {
            this.requestPolicy = requestPolicy;
            this.responsePolicy = responsePolicy;
            this.handler = handler;
            this.options = options;
        }

        @Override
        public Class<?>[] getSupportedMessageTypes() {
            return new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class, jakarta.servlet.http.HttpServletResponse.class};
        }

        @Override
        public AuthStatus validateRequest(MessageInfo info, Subject client, Subject service) throws AuthException {
            return module().validateRequest(info, client, service);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo info, Subject service) throws AuthException {
            return module().secureResponse(info, service);
        }

        @Override
        public void cleanSubject(MessageInfo info, Subject subject) throws AuthException {
            module().cleanSubject(info, subject);
        }
    }
}
