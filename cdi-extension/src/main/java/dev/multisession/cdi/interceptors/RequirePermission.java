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
 * The annotated bean method (or class) needs the active organization to grant
 * {@link #value()}, like the route rule {@code permission:<permission>}: signed out it throws
 * {@code NotSignedInException} (401), on the personal account
 * {@code NoActiveOrganizationException} (403), without the permission
 * {@code AccessDeniedException} (403). A method's annotation replaces its class's.
 *
 * <pre>{@code
 * @RequirePermission("org:invoices:read")
 * public List<Invoice> invoices() { ... }
 * }</pre>
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequirePermission {

    /** The permission, e.g. {@code org:invoices:read}. */
    @Nonbinding
    String value();
}
