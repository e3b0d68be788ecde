package dev.multisession.cdi;

import dev.multisession.cdi.interceptors.RequireOrganizationInterceptor;
import dev.multisession.cdi.interceptors.RequirePermissionInterceptor;
import dev.multisession.cdi.interceptors.RequireRoleInterceptor;
import dev.multisession.cdi.interceptors.SignedInInterceptor;
import dev.multisession.core.organization.OrganizationDirectory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

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
    private static final List<Class<?>> TYPES = List.of(CurrentRequest.class, Producers.class, Directories.class,
            AccountEvents.class, SignedInInterceptor.class, RequireOrganizationInterceptor.class,
            RequireRoleInterceptor.class, RequirePermissionInterceptor.class);

    void addBeans(@Observes BeforeBeanDiscovery discovery) {
        for (Class<?> type : TYPES) {
            discovery.addAnnotatedType(type, MultiSessionExtension.class.getName() + "/" + type.getName());
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
