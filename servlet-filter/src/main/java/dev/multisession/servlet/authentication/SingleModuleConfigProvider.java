package dev.multisession.servlet.authentication;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.security.auth.message.module.ServerAuthModule;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import java.util.Map;

/**
 * The Jakarta Authentication plumbing that serves one {@link ServerAuthModule} for one web app,
 * for containers whose {@code AuthConfigFactory} lacks {@code registerServerAuthModule}.
 */
final class SingleModuleConfigProvider implements AuthConfigProvider {
    private final ServerAuthModule module;

    SingleModuleConfigProvider(ServerAuthModule module) {
        this.module = module;
    }

    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return null;
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return new ServerAuthConfig() {
            @Override
            public ServerAuthContext getAuthContext(String authContextID, Subject serviceSubject,
                                                    @SuppressWarnings("rawtypes") Map properties) throws AuthException {
                module.initialize(null, null, handler, Map.of());
                return new ServerAuthContext() {
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
                };
            }

            @Override
            public String getMessageLayer() {
                return layer;
            }

            @Override
            public String getAppContext() {
                return appContext;
            }

            @Override
            public String getAuthContextID(MessageInfo messageInfo) {
                return appContext;
            }

            @Override
            public void refresh() {
            }

            @Override
            public boolean isProtected() {
                return false;
            }
        };
    }

    @Override
    public void refresh() {
    }
}
