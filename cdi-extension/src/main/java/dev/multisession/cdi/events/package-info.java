/**
 * CDI events announcing account changes: {@link dev.multisession.cdi.events.SignedInEvent},
 * {@link dev.multisession.cdi.events.SessionSwitchedEvent},
 * {@link dev.multisession.cdi.events.OrganizationSwitchedEvent},
 * {@link dev.multisession.cdi.events.SignedOutEvent} and
 * {@link dev.multisession.cdi.events.TaskCompletedEvent}.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class AuditTrail {
 *     void signedIn(@Observes SignedInEvent e) { log("sign-in", e.user().id()); }
 *     void signedOut(@Observes SignedOutEvent e) { log("sign-out", e.user().id()); }
 * }
 * }</pre>
 *
 * <p>They are the servlet layer's {@code AccountListener} notifications, fired synchronously
 * in the request that caused them, after the change happened: observers react, they cannot
 * veto. An observer that throws does not fail the request (the exception is logged), but as
 * with any synchronous CDI event, observers ordered after it are not called for that event. In that request, an injected
 * {@code Session}/{@code User} still shows the state the request started with; the event
 * carries the new one.
 */
package dev.multisession.cdi.events;
