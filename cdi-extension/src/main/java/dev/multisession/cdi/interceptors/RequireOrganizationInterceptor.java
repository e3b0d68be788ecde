package dev.multisession.cdi.interceptors;

import dev.multisession.cdi.Auth;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Enforces {@link RequireOrganization}. Enabled for the whole application by its
 * {@code @Priority}; no {@code beans.xml} entry needed.
 *
 * <pre>{@code
 * @RequireOrganization public Team team() { ... }   // 401 signed out, 403 on the personal account
 * }</pre>
 */
@RequireOrganization
@Interceptor
@Priority(Guards.PRIORITY + 1)
public class RequireOrganizationInterceptor {
    @Inject
    Auth auth;

    @AroundInvoke
    public Object check(InvocationContext context) throws Exception {
        Guards.requireOrganization(auth);
        return context.proceed();
    }
}
