package dev.multisession.core.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed-in person, as the app knows them: the app's own id plus an optional profile.
 *
 * <pre>{@code
 * User alice = User.builder("user_42")
 *     .name("Alice Doe")
 *     .email("alice@example.com")
 *     .build();
 * }</pre>
 *
 * <p>An interface so that CDI can proxy it as a request-scoped bean; {@link #builder(String)}
 * makes the immutable implementation.
 */
public interface User {

    /** The app's own user id; never empty. Carried as the token's {@code sub}. */
    String id();

    Optional<String> username();

    Optional<String> email();

    Optional<String> name();

    Optional<String> imageUrl();

    /** Small map of public attributes; never null, unmodifiable. */
    Map<String, String> attributes();

    /** Starts a user with the given id. */
    static Builder builder(String id) {
        return new Builder(id);
    }

    /** A user with an id and no profile. */
    static User of(String id) {
        return builder(id).build();
    }

    /** Builds immutable {@link User}s; validates on {@link #build()}. */
    final class Builder {
        private final String id;
        private String username;
        private String email;
        private String name;
        private String imageUrl;
        private Map<String, String> attributes = Map.of();

        private Builder(String id) {
            this.id = id;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder email(String email) {
            this.email = email;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder imageUrl(String imageUrl) {
            this.imageUrl = imageUrl;
            return this;
        }

        public Builder attributes(Map<String, String> attributes) {
            this.attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
            return this;
        }

        public User build() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("User id must be a non-empty string");
            }
            return new ImmutableUser(id, username, email, name, imageUrl, attributes);
        }
    }
}
