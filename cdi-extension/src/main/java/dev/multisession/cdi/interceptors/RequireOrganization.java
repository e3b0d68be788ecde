package dev.multisession.cdi.interceptors;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated bean method (or class) needs a session with an active organization: signed
 * out it throws {@code NotSignedInException} (401), on the personal account
 * {@code NoActiveOrganizationException} (403).
 *
 * <pre>{@code
 * @RequireOrganization
 * public List<Member> team() { return members.of(organization.id()); }
 * }</pre>
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireOrganization {
}
