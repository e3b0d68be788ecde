package dev.multisession.cdi.interceptors;

import dev.multisession.cdi.Auth;
import dev.multisession.core.model.Organization;
import dev.multisession.servlet.AccessDeniedException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Enforces {@link RequireRole}. Enabled for the whole application by its {@code @Priority}; no
 * {@code beans.xml} entry needed.
 *
 * <pre>{@code
 * @RequireRole("org:admin") public void invite(String email) { ... }   // 403 for org:member
 * }</pre>
 */
@RequireRole("")
@Interceptor
@Priority(Guards.PRIORITY + 2)
public class RequireRoleInterceptor {
    @Inject
    Auth auth;

    @AroundInvoke
    public Object check(InvocationContext context) throws Exception {
        String role = Guards.binding(context, RequireRole.class).value();
        Organization organization = Guards.requireOrganization(auth);
        if (!organization.role().equals(role)) {
            throw new AccessDeniedException("this method needs the role " + role + " in the active organization");
        }
        return context.proceed();
    }
}
