package dev.multisession.probe;

import dev.multisession.core.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application-scoped bean holding the request-scoped {@code User}: each call sees the calling request's account. */
@ApplicationScoped
public class Greeter {
    @Inject
    User user;

    public String userId() {
        return user.id();
    }
}
