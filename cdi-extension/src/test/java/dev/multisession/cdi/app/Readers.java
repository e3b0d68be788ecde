package dev.multisession.cdi.app;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Beans of three scopes, each injecting the request-scoped {@link User}. */
public final class Readers {
    private Readers() {
    }

    @RequestScoped
    public static class RequestScopedReader {
        @Inject
        User user;

        public String userId() {
            return user.id();
        }
    }

    /** A singleton: its {@link User} and {@link Session} are proxies to the current request's values. */
    @ApplicationScoped
    public static class ApplicationScopedReader {
        @Inject
        User user;
        @Inject
        Session session;

        public String userId() {
            return user.id();
        }

        /** Reads the user twice around a yield and through the session; "MIXED" if they ever disagree. */
        public String consistentUserId() {
            String first = user.id();
            Thread.yield();
            String second = session.userId();
            return first.equals(second) ? first : "MIXED(" + first + "," + second + ")";
        }
    }

    @Dependent
    public static class DependentReader {
        @Inject
        User user;

        public String userId() {
            return user.id();
        }
    }
}
