package dev.multisession.cdi.interceptors;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated bean method (or every business method of the annotated bean class) needs a
 * signed-in session; without one it throws {@code NotSignedInException}, which the filter
 * answers with 401 (or a redirect to sign in for page loads).
 *
 * <pre>{@code
 * @ApplicationScoped
 * @SignedIn
 * public class Inbox {
 *     @Inject User user;
 *     public List<Message> messages() { return store.messagesOf(user.id()); }
 * }
 * }</pre>
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SignedIn {
}
