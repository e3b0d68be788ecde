package dev.multisession.cdi.interceptors;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated bean method (or class) needs the active organization's role to be exactly
 * {@link #value()}, like the route rule {@code role:<role>}: signed out it throws
 * {@code NotSignedInException} (401), on the personal account
 * {@code NoActiveOrganizationException} (403), with another role {@code AccessDeniedException}
 * (403). A method's annotation replaces its class's.
 *
 * <pre>{@code
 * @RequireRole("org:admin")
 * public void removeMember(String userId) { ... }
 * }</pre>
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireRole {

    /** The role, e.g. {@code org:admin}. */
    @Nonbinding
    String value();
}
