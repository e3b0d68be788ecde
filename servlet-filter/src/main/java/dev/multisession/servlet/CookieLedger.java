package dev.multisession.servlet;

import dev.multisession.core.cookie.CookieWrite;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cookie writes of one response (docs/how-it-works.md: "Cookies"), kept typed with the request
 * (by the filter's response; before the filter runs, as the attribute {@value #ATTRIBUTE}) and
 * sent as {@code Set-Cookie} headers once, when the response commits.
 *
 * <p>Several writers add to one response: the filter's authentication (a refreshed token, the
 * deletion of bad cookies), then an endpoint or {@code Accounts.signIn}. A write replaces an
 * earlier write of the same name in the ledger, before anything is sent (every cookie of the
 * family has {@code Path=/} and no {@code Domain}, so the name alone tells two cookies apart).
 * When the writes are sent, the deletions beyond {@link #DELETION_BUDGET} are left for later
 * responses. Nothing is ever removed from the response's headers nor parsed back from them, so
 * every container sends the same headers, whether or not it honours
 * {@code setHeader("Set-Cookie", null)}.
 *
 * <pre>{@code
 * CookieLedger ledger = CookieLedger.of(request);
 * ledger.add(result.cookieWrites(), response);      // collected (sent now only when no CookieWritingResponse will send them)
 * ledger.send(response);                             // on commit: each name once, within the budget
 * }</pre>
 *
 * <p>Who sends: inside the filter a {@link CookieWritingResponse} wraps the response, so the
 * writes wait until the first byte of the body, a flush, a redirect, an error, or the end of the
 * filter, whichever comes first. Without one (the Jakarta Authentication module runs before the
 * filter, and the container may answer without running it), {@link #add} sends at once. A write
 * added after the writes were sent (the body had begun) is sent at once too, unless the response
 * already carries the same header; the budget counts what was sent before.
 */
final class CookieLedger {
    /** Request attribute holding the ledger. */
    static final String ATTRIBUTE = CookieLedger.class.getName();

    /**
     * Characters of deletion {@code Set-Cookie} headers of the cookie family one response may
     * carry. A browser can send dozens of bogus family cookies within the 8 KB request limit
     * (planted by a sibling domain, say); one deletion each would overflow the container's
     * response-header limit (Jetty and Tomcat: 8 KB) and turn every request of that browser into
     * a 500 that never deletes anything. Deletions beyond the budget wait for later responses;
     * writes of live cookies are never dropped.
     */
    static final int DELETION_BUDGET = 3072;

    private static final System.Logger LOG = System.getLogger(CookieLedger.class.getName());

    /** The last write of each name, in the order of those last writes; made on the first write (most requests write none). */
    private Map<String, CookieWrite> writes;
    /** True once the writes were sent (since the response's headers were last cleared). */
    private boolean wasSent;
    /** The header sent for each name since then; made on the first header sent. */
    private Map<String, String> sent;
    private int sentDeletionChars;
    /** True when a {@link CookieWritingResponse} sends the writes when the response commits. */
    private boolean deferred;

    private CookieLedger() {
    }

    /** The request's ledger, made on first use. */
    static CookieLedger of(ServletRequest request) {
        CookieLedger found = find(request);
        if (found != null) {
            return found;
        }
        CookieLedger ledger = new CookieLedger();
        request.setAttribute(ATTRIBUTE, ledger);
        return ledger;
    }

    /**
     * For the filter: the ledger made before it (by a server authentication mechanism), or a new
     * one that the filter's response will hold, so the request needs no attribute for it.
     */
    static CookieLedger forFilter(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof CookieLedger ledger ? ledger : new CookieLedger();
    }

    /** The ledger the filter's response holds, or the one made before the filter ran; null when none. */
    private static CookieLedger find(ServletRequest request) {
        CookieWritingResponse filtered = MultiSessionFilter.responseOf(request);
        if (filtered != null) {
            return filtered.ledger();
        }
        return request.getAttribute(ATTRIBUTE) instanceof CookieLedger ledger ? ledger : null;
    }

    /** True when this request's response carries (or will carry) a cookie write of the family. */
    static boolean hasWrites(ServletRequest request) {
        CookieLedger ledger = find(request);
        return ledger != null && ledger.hasWrites();
    }

    synchronized boolean hasWrites() {
        return writes != null && !writes.isEmpty();
    }

    /** From now on a {@link CookieWritingResponse} sends the writes when the response commits. */
    synchronized void deferToCommit() {
        deferred = true;
    }

    /**
     * Adds {@code more}; each replaces an earlier write of its name. Sent to {@code response}
     * at once when no {@link CookieWritingResponse} will send them, or when the writes were
     * already sent (then only what the response does not carry yet).
     */
    synchronized void add(List<CookieWrite> more, HttpServletResponse response) {
        if (more.isEmpty()) {
            return;
        }
        Map<String, CookieWrite> latest = new LinkedHashMap<>();
        if (writes == null) {
            writes = new LinkedHashMap<>();
        }
        for (CookieWrite w : more) {
            latest.remove(w.name());
            latest.put(w.name(), w);
            writes.remove(w.name());
            writes.put(w.name(), w);
        }
        if (wasSent) {
            sendLate(latest.values(), response);
        } else if (!deferred) {
            send(response);
        }
    }

    /** Sends the collected writes, each name once and within the budget, unless they were sent. */
    synchronized void send(HttpServletResponse response) {
        if (wasSent) {
            return;
        }
        wasSent = true;
        if (writes != null && !writes.isEmpty()) {
            emit(withinBudget(writes.values(), DELETION_BUDGET), response);
        }
    }

    /**
     * After {@code response.reset()} cleared the headers: every write is pending again and is
     * sent when the response commits.
     */
    synchronized void headersCleared() {
        wasSent = false;
        sent = null;
        sentDeletionChars = 0;
    }

    private void sendLate(Collection<CookieWrite> latest, HttpServletResponse response) {
        List<CookieWrite> changed = new ArrayList<>(latest.size());
        int rewritten = 0;
        for (CookieWrite w : latest) {
            String before = sent == null ? null : sent.get(w.name());
            if (before == null || !before.equals(w.toSetCookieHeader())) {
                changed.add(w);
                rewritten += before == null ? 0 : 1;
            }
        }
        if (rewritten > 0) {
            // the browser applies Set-Cookie headers in order, so the later header wins; names are
            // not logged (they hold session ids)
            LOG.log(System.Logger.Level.DEBUG, "multisession: " + rewritten + " cookie(s) written again after the "
                    + "response's cookies were sent; the later header wins");
        }
        emit(withinBudget(changed, DELETION_BUDGET - sentDeletionChars), response);
    }

    private void emit(List<CookieWrite> list, HttpServletResponse response) {
        if (list.isEmpty()) {
            return;
        }
        if (response.isCommitted()) {
            LOG.log(System.Logger.Level.WARNING, "multisession: " + list.size() + " cookie write(s) could not be sent: "
                    + "the response was already committed (write cookies before the response body)");
        }
        if (sent == null) {
            sent = new HashMap<>();
        }
        for (CookieWrite w : list) {
            String header = w.toSetCookieHeader();
            response.addHeader("Set-Cookie", header);
            sent.put(w.name(), header);
            if (w.isDeletion()) {
                sentDeletionChars += header.length();
            }
        }
    }

    /**
     * {@code writes} without their earliest deletions while the deletions' headers exceed
     * {@code budget} characters; writes of live cookies are always kept. The engine lists
     * housekeeping deletions of bad cookies first and the deletions an operation needs (a
     * signed-out session's cookie, the client cookie) last, so the housekeeping waits.
     */
    static List<CookieWrite> withinBudget(Collection<CookieWrite> writes, int budget) {
        List<CookieWrite> kept = new ArrayList<>(writes);
        int deletionChars = 0;
        for (CookieWrite w : kept) {
            deletionChars += w.isDeletion() ? w.toSetCookieHeader().length() : 0;
        }
        for (int i = 0; i < kept.size() && deletionChars > budget; ) {
            CookieWrite w = kept.get(i);
            if (w.isDeletion()) {
                kept.remove(i);
                deletionChars -= w.toSetCookieHeader().length();
            } else {
                i++;
            }
        }
        return kept;
    }
}
