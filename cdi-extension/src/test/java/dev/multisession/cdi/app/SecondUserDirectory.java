package dev.multisession.cdi.app;

import dev.multisession.cdi.UserDirectory;
import dev.multisession.core.model.User;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** A second {@link UserDirectory}: with {@link CountingUserDirectory} the deployment has two. */
@ApplicationScoped
public class SecondUserDirectory implements UserDirectory {
    @Override
    public Optional<User> find(String userId) {
        return Optional.empty();
    }
}
