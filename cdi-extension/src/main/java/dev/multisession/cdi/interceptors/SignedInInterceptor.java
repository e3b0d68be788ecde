package dev.multisession.cdi.interceptors;

import dev.multisession.cdi.Auth;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Enforces {@link SignedIn}. Enabled for the whole application by its {@code @Priority}; no
 * {@code beans.xml} entry needed.
 *
 * <pre>{@code
 * @SignedIn public Report monthly() { ... }   // 401 when signed out
 * }</pre>
 */
@SignedIn
@Interceptor
@Priority(Guards.PRIORITY)
public class SignedInInterceptor {
    @Inject
    Auth auth;

    @AroundInvoke
    public Object check(InvocationContext context) throws Exception {
        Guards.requireSession(auth);
        return context.proceed();
    }
}
