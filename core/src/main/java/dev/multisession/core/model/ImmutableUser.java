package dev.multisession.core.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The value implementation of {@link User}. Keeps the absent profile fields as nulls rather than
 * as {@code Optional}s (the verified-token cache holds one per cached token: three fewer objects
 * each); the accessors answer {@code Optional}s as the interface says. Equal when every field is.
 */
final class ImmutableUser implements User {
    private final String id;
    private final String username;
    private final String email;
    private final String name;
    private final String imageUrl;
    private final Map<String, String> attributes;

    ImmutableUser(String id, String username, String email, String name, String imageUrl, Map<String, String> attributes) {
        this.id = id;
        this.username = username;
        this.email = email;
        this.name = name;
        this.imageUrl = imageUrl;
        this.attributes = attributes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    @Override
    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public Optional<String> imageUrl() {
        return Optional.ofNullable(imageUrl);
    }

    @Override
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImmutableUser u && id.equals(u.id) && Objects.equals(username, u.username)
                && Objects.equals(email, u.email) && Objects.equals(name, u.name) && Objects.equals(imageUrl, u.imageUrl)
                && attributes.equals(u.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, username, email, name, imageUrl, attributes);
    }

    /** As the record this used to be printed itself. */
    @Override
    public String toString() {
        return "ImmutableUser[id=" + id + ", username=" + username() + ", email=" + email() + ", name=" + name()
                + ", imageUrl=" + imageUrl() + ", attributes=" + attributes + "]";
    }
}
