package dev.multisession.core.model;

import java.util.Map;
import java.util.Optional;

/** The value implementation of {@link User}. */
record ImmutableUser(String id, Optional<String> username, Optional<String> email, Optional<String> name,
                     Optional<String> imageUrl, Map<String, String> attributes) implements User {
}
