package dev.multisession.cdi;

import dev.multisession.core.model.User;

import java.util.Optional;

/**
 * The app's profile of a user, to enrich the small profile a session token carries (id, name,
 * email, picture, username). Provide one as a CDI bean; answers are cached per user id for
 * {@code multisession.cdi.directory-cache-ttl} (default 60s), so it is not consulted on every
 * request.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class ProfileDirectory implements UserDirectory {
 *     @Inject UserRepository users;
 *
 *     public Optional<User> find(String userId) {
 *         return users.byId(userId).map(u -> User.builder(userId).name(u.displayName())
 *                 .attributes(Map.of("plan", u.plan())).build());
 *     }
 * }
 * }</pre>
 *
 * <p>The answer never changes who is signed in: one with another id is ignored. Its values
 * win over the token's; what it leaves empty keeps the token's value; attributes are merged
 * with the directory's winning. Empty (or a failure, logged) keeps the token's user.
 */
public interface UserDirectory {

    /** The app's profile of the user with this id, or empty to keep the token's profile. */
    Optional<User> find(String userId);
}
