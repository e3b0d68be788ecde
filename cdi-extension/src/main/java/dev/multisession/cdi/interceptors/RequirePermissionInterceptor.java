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
 * Enforces {@link RequirePermission}. Enabled for the whole application by its
 * {@code @Priority}; no {@code beans.xml} entry needed.
 *
 * <pre>{@code
 * @RequirePermission("org:invoices:read") public List<Invoice> invoices() { ... }
 * }</pre>
 */
@RequirePermission("")
@Interceptor
@Priority(Guards.PRIORITY + 3)
public class RequirePermissionInterceptor {
    @Inject
    Auth auth;

    @AroundInvoke
    public Object check(InvocationContext context) throws Exception {
        String permission = Guards.binding(context, RequirePermission.class).value();
        Organization organization = Guards.requireOrganization(auth);
        if (!organization.permissions().contains(permission)) {
            throw new AccessDeniedException("this method needs the permission " + permission
                    + " in the active organization");
        }
        return context.proceed();
    }
}
