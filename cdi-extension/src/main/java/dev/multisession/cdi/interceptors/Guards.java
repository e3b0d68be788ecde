package dev.multisession.cdi.interceptors;

import dev.multisession.cdi.Auth;
import dev.multisession.core.model.Organization;
import dev.multisession.servlet.NoActiveOrganizationException;
import dev.multisession.servlet.NotSignedInException;
import jakarta.enterprise.inject.Stereotype;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;

/** The checks the interceptors share; they fail closed with the servlet layer's typed exceptions. */
final class Guards {
    /** Before application interceptors, after none of the platform's. */
    static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 200;

    private Guards() {
    }

    static void requireSession(Auth auth) {
        if (!auth.isSignedIn()) {
            throw new NotSignedInException("this method needs a signed-in session");
        }
    }

    static Organization requireOrganization(Auth auth) {
        requireSession(auth);
        return auth.organization().orElseThrow(() -> new NoActiveOrganizationException(
                "this method needs an active organization; the session is on its personal account"));
    }

    /**
     * The binding in force for this call: the method's own, else its class's (inherited ones
     * included), else one carried by a stereotype on the class. Interceptors 2.1 (EE 10) has no
     * {@code getInterceptorBinding}, so this reads the annotations.
     */
    static <A extends Annotation> A binding(InvocationContext context, Class<A> type) {
        Method method = context.getMethod();
        if (method.isAnnotationPresent(type)) {
            return method.getAnnotation(type);
        }
        for (Class<?> c : List.of(context.getTarget().getClass(), method.getDeclaringClass())) {
            A onClass = c.getAnnotation(type);
            if (onClass != null) {
                return onClass;
            }
            for (Annotation a : c.getAnnotations()) {
                if (a.annotationType().isAnnotationPresent(Stereotype.class) && a.annotationType().isAnnotationPresent(type)) {
                    return a.annotationType().getAnnotation(type);
                }
            }
        }
        throw new IllegalStateException("multisession: no @" + type.getSimpleName() + " found on " + method);
    }
}
