package dev.multisession.cdi.app;

import dev.multisession.cdi.UserDirectory;
import dev.multisession.core.model.User;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The app's profiles: "Profile of alice" with plan "pro"; none for "nobody". Counts lookups per user. */
@ApplicationScoped
public class CountingUserDirectory implements UserDirectory {
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    @Override
    public Optional<User> find(String userId) {
        lookups.computeIfAbsent(userId, k -> new AtomicInteger()).incrementAndGet();
        if (userId.equals("nobody")) {
            return Optional.empty();
        }
        return Optional.of(User.builder(userId).name("Profile of " + userId).attributes(Map.of("plan", "pro")).build());
    }

    public int lookups(String userId) {
        return lookups.getOrDefault(userId, new AtomicInteger()).get();
    }
}
