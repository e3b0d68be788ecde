package dev.multisession.examples;

import dev.multisession.cdi.Auth;
import dev.multisession.cdi.interceptors.SignedIn;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application-scoped bean that injects the request-scoped {@link User}, {@link Session}
 * and {@link Auth}: each call sees the current request's account, whatever tab it came from.
 */
@ApplicationScoped
public class MeService {
    @Inject
    User user;
    @Inject
    Session session;
    @Inject
    Auth auth;

    /** The active account as a JSON-ready map. Needs a signed-in request. */
    @SignedIn
    public Map<String, Object> me() {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", user.id());
        user.name().ifPresent(v -> u.put("name", v));
        user.email().ifPresent(v -> u.put("email", v));
        body.put("user", u);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", session.id());
        s.put("index", session.index());
        s.put("createdAt", session.createdAt().toString());
        body.put("session", s);
        body.put("organization", auth.organization().map(MeService::organization).orElse(null));
        return body;
    }

    private static Object organization(Organization o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("slug", o.slug());
        m.put("role", o.role());
        m.put("permissions", List.copyOf(o.permissions()));
        return m;
    }
}
