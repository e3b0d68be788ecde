package dev.multisession.cdi;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.MultiSessionRuntime;
import dev.multisession.core.organization.OrganizationDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a verified token's claims into the {@link Session}, {@link User} and
 * {@link Organization} apps see, consulting the app's directory beans through caches.
 *
 * <p>With a {@link UserDirectory} bean, users are enriched as it documents. With an
 * {@link OrganizationDirectory} bean, the servlet runtime uses it (a cached view, installed as
 * the context attribute it reads) for organization switches, and the injected organization
 * takes its display name from the membership; id, slug, role and permissions always come from
 * the token, the same values the route rules and {@code isUserInRole} use.
 */
@ApplicationScoped
class Directories {
    private static final System.Logger LOG = System.getLogger(Directories.class.getName());

    @Inject
    ServletContext context;
    @Inject
    Instance<UserDirectory> userDirectoryBeans;
    @Inject
    Instance<OrganizationDirectory> organizationDirectoryBeans;

    private UserDirectory users;
    private OrganizationDirectory organizations;
    private volatile MultiSessionConfig config;

    @PostConstruct
    void init() {
        CdiSettings settings = CdiSettings.from(context);
        if (userDirectoryBeans.isResolvable()) {
            users = new CachingDirectories.Users(userDirectoryBeans.get(), settings);
        }
        if (organizationDirectoryBeans.isResolvable()) {
            organizations = new CachingDirectories.Organizations(organizationDirectoryBeans.get(), settings);
        }
    }

    /** At start-up: hands the app's organization directory bean to the servlet runtime. */
    void install(@Observes @Initialized(ApplicationScoped.class) ServletContext started) {
        if (organizations != null) {
            started.setAttribute(OrganizationDirectory.class.getName(), organizations);
        }
    }

    /** The session value for verified claims: enriched user and organization, times as {@link SessionValues} says. */
    Session session(SessionClaims claims, SessionStatus status) {
        return SessionValues.of(claims, user(claims.user()), organization(claims.userId(), claims.organization()),
                config(), status);
    }

    private MultiSessionConfig config() {
        MultiSessionConfig c = config;
        if (c == null) {
            c = MultiSessionRuntime.of(context).engine().config();
            config = c;
        }
        return c;
    }

    private User user(User fromToken) {
        if (users == null) {
            return fromToken;
        }
        Optional<User> found;
        try {
            found = users.find(fromToken.id());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "multisession: UserDirectory failed with " + e.getClass().getName()
                    + "; using the token's profile");
            return fromToken;
        }
        if (found.isPresent() && !found.get().id().equals(fromToken.id())) {
            LOG.log(System.Logger.Level.WARNING, "multisession: UserDirectory answered a user with another id;"
                    + " ignored, using the token's profile");
            return fromToken;
        }
        return found.map(profile -> merge(fromToken, profile)).orElse(fromToken);
    }

    private static User merge(User token, User profile) {
        Map<String, String> attributes = new HashMap<>(token.attributes());
        attributes.putAll(profile.attributes());
        return User.builder(token.id())
                .username(profile.username().or(token::username).orElse(null))
                .email(profile.email().or(token::email).orElse(null))
                .name(profile.name().or(token::name).orElse(null))
                .imageUrl(profile.imageUrl().or(token::imageUrl).orElse(null))
                .attributes(attributes)
                .build();
    }

    private Optional<Organization> organization(String userId, Optional<Organization> fromToken) {
        if (organizations == null || fromToken.isEmpty()) {
            return fromToken;
        }
        Organization token = fromToken.get();
        Optional<Organization> membership;
        try {
            membership = organizations.membership(userId, token.id());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "multisession: OrganizationDirectory failed with "
                    + e.getClass().getName() + "; using the token's organization");
            return fromToken;
        }
        if (token.slug().isEmpty() || token.role().isEmpty()) {
            return fromToken; // a Clerk token's organization without slug or role: nothing to rebuild it from
        }
        return Optional.of(membership.filter(m -> m.id().equals(token.id()))
                .map(m -> Organization.builder(token.id(), token.slug()).name(m.name()).role(token.role())
                        .permissions(token.permissions()).build())
                .orElse(token));
    }
}
