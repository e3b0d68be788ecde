package dev.multisession.cdi;

import dev.multisession.cdi.interceptors.RequireOrganizationInterceptor;
import dev.multisession.cdi.interceptors.RequirePermissionInterceptor;
import dev.multisession.cdi.interceptors.RequireRoleInterceptor;
import dev.multisession.cdi.interceptors.SignedInInterceptor;
import dev.multisession.core.organization.OrganizationDirectory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

import java.lang.reflect.Modifier;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The portable extension that makes multisession's beans available in any CDI application
 * whose WAR carries this jar, with no {@code beans.xml} edits. Registered in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}; the container finds it.
 *
 * <pre>{@code
 * @Inject User user;                       // the request's user; 401 when signed out
 * @Inject Auth auth;                       // always resolvable: auth.isSignedIn()
 * @RequireRole("org:admin") void purge()   // 403 for other roles
 * }</pre>
 *
 * <p>The jar has no {@code beans.xml} (so it is not a bean archive and nothing is discovered
 * twice): the extension adds its beans and interceptors itself, and checks that the app
 * provides at most one {@link UserDirectory} and one {@link OrganizationDirectory}.
 */
public class MultiSessionExtension implements Extension {
    private static final System.Logger LOG = System.getLogger(MultiSessionExtension.class.getName());
    private static final List<Class<?>> TYPES = List.of(CurrentRequest.class, Producers.class, Directories.class,
            AccountEvents.class, SignedInInterceptor.class, RequireOrganizationInterceptor.class,
            RequireRoleInterceptor.class, RequirePermissionInterceptor.class);

    /** Jakarta Security's mechanism type, where the server has it (full EE servers), else null. */
    private static final String MECHANISM_TYPE = "jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism";
    private static final String MECHANISM = "dev.multisession.cdi.security.MultiSessionAuthenticationMechanism";

    private Class<?> mechanismType;
    private String appMechanism;

    void addBeans(@Observes BeforeBeanDiscovery discovery) {
        for (Class<?> type : TYPES) {
            discovery.addAnnotatedType(type, MultiSessionExtension.class.getName() + "/" + type.getName());
        }
        mechanismType = loadable(MECHANISM_TYPE);
    }

    /** Notes an authentication mechanism of the app's own: then the library adds none. */
    void findAppMechanism(@Observes ProcessAnnotatedType<?> type) {
        if (mechanismType == null || appMechanism != null) {
            return;
        }
        Class<?> c = type.getAnnotatedType().getJavaClass();
        if (c.getClassLoader() != MultiSessionExtension.class.getClassLoader() || c.getName().equals(MECHANISM)) {
            return; // the server's own types (Payara's OAuth2 mechanism, say) are not the app's
        }
        if (mechanismType.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
            appMechanism = c.getName();
            return;
        }
        for (java.lang.annotation.Annotation a : c.getAnnotations()) {
            String name = a.annotationType().getName();
            // @BasicAuthenticationMechanismDefinition, @FormAuthenticationMechanismDefinition, @OpenIdAuthenticationMechanismDefinition…
            if (name.startsWith("jakarta.security.enterprise.") && name.endsWith("AuthenticationMechanismDefinition")) {
                appMechanism = "@" + a.annotationType().getSimpleName() + " on " + c.getName();
                return;
            }
        }
    }

    /**
     * On servers with Jakarta Security, adds {@code MultiSessionAuthenticationMechanism}, so
     * constraints, {@code @RolesAllowed} and {@code SecurityContext} follow the chosen account
     * with no registration call; not when the app brings its own mechanism.
     */
    void addMechanism(@Observes AfterTypeDiscovery discovery) {
        if (mechanismType == null) {
            return;
        }
        if (appMechanism != null) {
            LOG.log(System.Logger.Level.INFO, "multisession: the app has its own Jakarta Security mechanism ("
                    + appMechanism + "); MultiSessionAuthenticationMechanism is not added");
            return;
        }
        Class<?> mechanism = loadable(MECHANISM);
        if (mechanism != null) {
            discovery.addAnnotatedType(mechanism, MultiSessionExtension.class.getName() + "/" + MECHANISM);
        }
    }

    private static Class<?> loadable(String name) {
        try {
            return Class.forName(name, false, MultiSessionExtension.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    void checkDirectories(@Observes AfterDeploymentValidation validation, BeanManager beans) {
        for (Class<?> spi : List.of(UserDirectory.class, OrganizationDirectory.class)) {
            Set<Bean<?>> candidates = beans.getBeans(spi);
            try {
                beans.resolve(candidates);
            } catch (AmbiguousResolutionException e) {
                validation.addDeploymentProblem(new IllegalStateException("multisession: " + candidates.size()
                        + " beans implement " + spi.getName() + " (" + candidates.stream()
                        .map(b -> b.getBeanClass().getName()).sorted().collect(Collectors.joining(", "))
                        + "); keep one, or make one an @Alternative with @Priority"));
            }
        }
    }
}
