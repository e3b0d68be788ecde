/**
 * Interceptor bindings that guard bean methods with the request's session:
 * {@link dev.multisession.cdi.interceptors.SignedIn},
 * {@link dev.multisession.cdi.interceptors.RequireOrganization},
 * {@link dev.multisession.cdi.interceptors.RequireRole} and
 * {@link dev.multisession.cdi.interceptors.RequirePermission}, on classes or methods.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @SignedIn
 * public class Billing {
 *     @RequirePermission("org:invoices:read")
 *     public List<Invoice> invoices() { ... }
 *
 *     @RequireRole("org:admin")
 *     public void changePlan(Plan plan) { ... }
 * }
 * }</pre>
 *
 * <p>The interceptors are registered by the portable extension and enabled by
 * {@code @Priority(PLATFORM_BEFORE + 200…203)}, so the app edits no {@code beans.xml}. They fail
 * closed with the servlet layer's exceptions, which the filter turns into answers:
 * {@code NotSignedInException} → 401 (a redirect to sign in for page loads),
 * {@code NoActiveOrganizationException} and {@code AccessDeniedException} → 403. Roles and
 * permissions are those of the active organization, as in the route rules. Like every CDI
 * interceptor they apply to calls through the bean's proxy, not to a bean calling itself.
 */
package dev.multisession.cdi.interceptors;
