/**
 * CDI integration of multisession: inject the request's {@code Session}, {@code User} and
 * {@code Organization}, an always-resolvable {@link dev.multisession.cdi.Auth}, this
 * browser's {@link dev.multisession.cdi.SignedInSessions}; guard methods with the bindings of
 * {@code dev.multisession.cdi.interceptors}; observe the events of
 * {@code dev.multisession.cdi.events}; enrich users with a {@link dev.multisession.cdi.UserDirectory}.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Greeter {
 *     @Inject User user;              // a proxy: each call sees the current request's user
 *     @Inject Auth auth;
 *
 *     public String greeting() {
 *         return auth.isSignedIn() ? "Hello " + user.name().orElse(user.id()) : "Hello, guest";
 *     }
 * }
 * }</pre>
 *
 * <p>Put {@code multisession-cdi} in {@code WEB-INF/lib} next to {@code multisession-servlet};
 * its portable extension registers everything. Without a CDI container the jar is inert and the
 * servlet filter works alone.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>Where the values come from: the servlet filter's decision for the request (request
 *       attribute {@code Accounts.AUTH_ATTRIBUTE}) on the {@code HttpServletRequest} the
 *       container makes injectable. Nothing is read from the session store per request; see
 *       {@code SessionValues} for how {@code createdAt}, {@code lastActiveAt} and
 *       {@code expiresAt} are derived from the token and the configuration.</li>
 *   <li>Scopes: {@code Session}, {@code User}, {@code Organization}, {@code Auth} and
 *       {@code SignedInSessions} are {@code @RequestScoped}. Using {@code Session}/{@code User}
 *       signed out throws {@code NotSignedInException} (the filter answers 401 or redirects a
 *       page load to sign in); {@code Organization} on the personal account throws
 *       {@code NoActiveOrganizationException} (403). {@code Auth} never throws.</li>
 *   <li>Directories: a {@link dev.multisession.cdi.UserDirectory} bean enriches users; an
 *       {@code OrganizationDirectory} bean becomes the servlet runtime's directory (used to
 *       switch organizations) and names the injected organization. Answers are cached for
 *       {@value dev.multisession.cdi.CdiSettings#DIRECTORY_CACHE_TTL} (default 60s). Roles and
 *       permissions always come from the token, so beans, route rules and
 *       {@code isUserInRole} agree.</li>
 *   <li>Events are fired synchronously by the servlet layer's {@code AccountListener}; the
 *       bridge attaches to the runtime once the filter created it.</li>
 * </ul>
 *
 * <h2>Configuration</h2>
 * <ul>
 *   <li>{@value dev.multisession.cdi.CdiSettings#DIRECTORY_CACHE_TTL}: default {@code 60s};
 *       {@code 0} asks the directories every time.</li>
 *   <li>{@value dev.multisession.cdi.CdiSettings#DIRECTORY_CACHE_SIZE}: default {@code 10000}
 *       answers per cache.</li>
 * </ul>
 */
package dev.multisession.cdi;
