package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieHeaderScan;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.model.Ids;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.token.CachingTokenVerifier;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.Verification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a browser from one request's cookies: verifies each session cookie (through the
 * verified-token cache), keeps the genuine value of every name, and decides which client the
 * browser is from its verified tokens alone. No store, no effects; its only state is the
 * verifier's cache.
 *
 * <p>Planted cookies never cost genuine sessions: already-verified values are read first and
 * cost nothing; the per-request budget of signature checks counts only values not verified
 * before (values refused before any signature check cost nothing of it); the session the client
 * cookie names is checked first, and the first value of every name before any duplicate; a name
 * is deleted only when every value sent under it was checked and is definitively bad; a name
 * left unchecked for lack of budget is left alone (and so is the client cookie); and a verified
 * session of another client is ignored, never deleted, whatever the client cookie says.
 */
final class BrowserReader {
    /** Signature checks spent on one cookie name at most (a browser sends one value; more means planted copies). */
    static final int MAX_VALUES_PER_NAME = 4;
    /** Checks refused before any signature (malformed, unknown key, …) per request at most. */
    static final int MAX_CHEAP_CHECKS = 64;

    private final MultiSessionConfig config;
    private final CachingTokenVerifier verifier;
    private final boolean remoteKeys;
    private final BrowserMemo memo;
    private final HeaderMemo headers;
    private final int skewMillis;

    BrowserReader(MultiSessionConfig config, CachingTokenVerifier verifier, boolean remoteKeys) {
        this.config = config;
        this.verifier = verifier;
        this.remoteKeys = remoteKeys;
        this.skewMillis = (int) config.clockSkew().toMillis();
        // a browser holds up to the session cap of tokens: a tenth of the token bound in browsers
        int browsers = (int) Math.min(Integer.MAX_VALUE, Math.max(1_000, config.verifiedTokenCacheSize() / 10));
        this.memo = new BrowserMemo(browsers);
        // about as many headers as browsers (a power of two at most that): whole Cookie headers, one per slot
        this.headers = new HeaderMemo(browsers);
        verifier.addForgetListener(new CachingTokenVerifier.ForgetListener() {
            @Override
            public void sessionsForgotten(Set<String> sessionIds) {
                memo.forgetSessions(sessionIds);
            }

            @Override
            public void allForgotten() {
                memo.forgetAll();
            }
        });
    }

    /** How many browsers the memo keeps (for tests). */
    long memoSize() {
        return memo.size();
    }

    /** How many whole Cookie headers point at a reading that still serves (for tests). */
    int memoisedHeaders() {
        return headers.size(config.clock().millis());
    }

    Browser read(RequestView request) {
        return read(request, config.clock().millis());
    }

    /**
     * The browser this request's cookies describe, at {@code nowMillis} (the request's one clock
     * reading). Cookies that came as raw {@code Cookie} headers and are exactly those of an
     * earlier request whose tokens are all still valid give that request's reading: by the whole
     * header when it is one header seen before ({@link HeaderMemo}), else by its family cookies
     * ({@link BrowserMemo}); anything else is read and verified again.
     */
    Browser read(RequestView request, long nowMillis) {
        if (!request.cookiesFromHeadersOnly()) {
            return readCookies(request, nowMillis);
        }
        boolean secure = request.secure();
        String namespace = request.cookieNamespace();
        String header = request.soleCookieHeader();
        if (header != null) {
            Browser known = headers.find(header, secure, namespace, nowMillis);
            if (known != null) {
                return known;
            }
        }
        CookieHeaderScan scan = request.cookieScan();
        BrowserMemo.Entry known = memo.find(scan, secure, namespace, nowMillis);
        if (known != null) {
            if (header != null) {
                headers.keep(header, secure, namespace, known);
            }
            return known.browser;
        }
        long epoch = memo.epoch(); // before any token is looked up: a revocation from now on voids this reading
        Browser read = readCookies(request, nowMillis);
        BrowserMemo.Entry kept = memo.keep(scan, secure, namespace, read, epoch, skewMillis);
        if (kept != null && header != null) {
            headers.keep(header, secure, namespace, kept);
        }
        return read;
    }

    private Browser readCookies(RequestView request, long nowMillis) {
        boolean secure = request.secure();
        CookieFamily.Parsed parsed = CookieFamily.parse(request, config.tokenMaxLength(), verifier::isCached);
        List<CookieWrite> deletions = new ArrayList<>(parsed.toDelete().size());
        parsed.toDelete().forEach(name -> deletions.add(CookieWrite.delete(name, secure)));
        List<Browser.Candidate> found = new ArrayList<>(parsed.sessionTokens().size());
        Map<String, NameState> states = null; // only names that need more than a cache hit (not on the hot path)
        boolean keysUnavailable = false;
        boolean sawEnded = false;
        // pass 1: values verified before (a cache hit, no signature check, no budget)
        for (var entry : parsed.sessionTokens().entrySet()) {
            NameState state = null;
            for (String token : entry.getValue()) {
                Verification v = verifier.verifyIfCached(token, nowMillis);
                if (v == null) {
                    state = state == null ? new NameState() : state;
                    state.notCached = state.notCached == null ? List.of(token) : grown(state.notCached, token);
                    continue;
                }
                Browser.Candidate c = candidate(entry.getKey(), v, null);
                if (c != null) {
                    found.add(c);
                    break;
                }
                state = state == null ? new NameState() : state;
                state.checked++;
            }
            if (state != null && !isFound(found, entry.getKey())) {
                states = states == null ? new LinkedHashMap<>() : states; // in cookie order
                states.put(entry.getKey(), state);
            }
        }
        boolean uncheckedLeft = false;
        if (states != null) {
            uncheckedLeft = verifyTheRest(parsed, states, found, deletions, request.cookieNamespace(), secure);
            for (NameState state : states.values()) {
                keysUnavailable |= state.keysUnavailable;
                sawEnded |= state.ended;
            }
        }
        Optional<String> clientId = clientOf(found, parsed.clientCookie());
        List<Browser.Candidate> ours = found;
        for (Browser.Candidate c : found) {
            if (!c.claims().clientId().equals(clientId.orElse(null))) {
                ours = new ArrayList<>(found.size()); // a foreign session among them (rare): keep only the client's
                break;
            }
        }
        if (ours != found) {
            for (Browser.Candidate c : found) {
                if (c.claims().clientId().equals(clientId.orElse(null))) {
                    ours.add(c);
                } else {
                    log(c.sessionId(), "token_foreign_client");
                }
            }
        }
        return new Browser(clientId, parsed.clientCookie(), ours, deletions, keysUnavailable, sawEnded, uncheckedLeft);
    }

    /**
     * Pass 2, for the names a cache hit did not settle: values not verified before. The name the
     * client cookie points to first, then the first value of every name, then second values, and
     * so on, so planted duplicates and junk names sent first cannot crowd out the genuine value.
     * Returns true when a name was left unchecked for lack of budget.
     */
    private boolean verifyTheRest(CookieFamily.Parsed parsed, Map<String, NameState> states,
                                  List<Browser.Candidate> found, List<CookieWrite> deletions, String namespace,
                                  boolean secure) {
        // budgets: signature checks (costly), and checks refused before any signature (cheap,
        // bounded by the header size anyway)
        List<String> order = new ArrayList<>(states.keySet());
        parsed.clientCookie().map(CookieFamily.ClientCookie::lastActiveSessionId)
                .filter(order::remove).ifPresent(hinted -> order.add(0, hinted));
        int signatureChecks = config.maxSessionsPerClient() * 2;
        int cheapChecks = MAX_CHEAP_CHECKS;
        boolean more = true;
        for (int k = 0; more; k++) {
            more = false;
            for (String sessionId : order) {
                NameState state = states.get(sessionId);
                if (state.notCached == null || k >= state.notCached.size() || isFound(found, sessionId)) {
                    continue;
                }
                if (signatureChecks <= 0 || cheapChecks <= 0 || state.costly >= MAX_VALUES_PER_NAME) {
                    state.unchecked = true;
                    continue;
                }
                more = true;
                Verification v = verifier.verify(state.notCached.get(k));
                state.checked++;
                if (v instanceof Verification.Rejected r && r.reason().beforeSignatureCheck()) {
                    cheapChecks--;
                } else {
                    signatureChecks--;
                    state.costly++;
                }
                Browser.Candidate c = candidate(sessionId, v, state);
                if (c != null) {
                    found.add(c);
                }
            }
        }
        boolean uncheckedLeft = false;
        for (String sessionId : order) {
            NameState state = states.get(sessionId);
            boolean genuine = isFound(found, sessionId);
            uncheckedLeft |= state.unchecked && !genuine;
            if (!genuine && state.checked > 0 && !state.unchecked && !state.transientFailure) {
                deletions.add(CookieWrite.delete(CookieFamily.sessionCookieName(namespace, sessionId, secure), secure));
            }
        }
        return uncheckedLeft;
    }

    /** A linear look: a browser holds a handful of session cookies, and a map would cost allocations per request. */
    private static boolean isFound(List<Browser.Candidate> found, String sessionId) {
        for (Browser.Candidate c : found) {
            if (c.sessionId().equals(sessionId)) {
                return true;
            }
        }
        return false;
    }

    /** Per cookie name: what its values' checks found. */
    private static final class NameState {
        int checked;
        int costly;
        boolean unchecked;
        boolean transientFailure;
        boolean keysUnavailable;
        boolean ended;
        List<String> notCached;
    }

    private static List<String> grown(List<String> list, String value) {
        List<String> out = new ArrayList<>(list);
        out.add(value);
        return out;
    }

    /** The candidate {@code v} vouches for under this name, or null; {@code state} records why not (null: a cache hit, never rejected). */
    private Browser.Candidate candidate(String sessionId, Verification v, NameState state) {
        if (v instanceof Verification.Rejected rejected) {
            RejectionReason reason = rejected.reason();
            state.keysUnavailable |= reason == RejectionReason.KEYS_UNAVAILABLE;
            state.ended |= reason == RejectionReason.SESSION_ENDED;
            state.transientFailure |= isTransient(reason);
            log(sessionId, reason.code());
            return null;
        }
        SessionClaims claims = v instanceof Verification.Valid valid ? valid.claims() : ((Verification.Expired) v).claims();
        if (!claims.sessionId().equals(sessionId)) {
            log(sessionId, "token_session_mismatch");
            return null;
        }
        return new Browser.Candidate(claims, v instanceof Verification.Expired);
    }

    private boolean isTransient(RejectionReason reason) {
        return reason == RejectionReason.KEYS_UNAVAILABLE
                || reason == RejectionReason.NOT_YET_VALID
                || (reason == RejectionReason.UNKNOWN_KEY && remoteKeys);
    }

    /**
     * The browser's client: the one most of its verified sessions belong to; on a tie the client
     * cookie's, when it names one of the tied clients; else the client of the oldest session.
     * A client cookie naming a client no verified token vouches for is never used.
     */
    static Optional<String> clientOf(Iterable<Browser.Candidate> verified, Optional<CookieFamily.ClientCookie> cookie) {
        String only = null;
        boolean several = false;
        for (Browser.Candidate c : verified) {
            String cid = c.claims().clientId();
            if (only == null) {
                only = cid;
            } else if (!only.equals(cid)) {
                several = true;
                break;
            }
        }
        if (!several) {
            return Optional.ofNullable(only); // the common case: one client, no maps
        }
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> oldest = new HashMap<>();
        for (Browser.Candidate c : verified) {
            String cid = c.claims().clientId();
            counts.merge(cid, 1, Integer::sum);
            oldest.merge(cid, c.sessionId(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        if (counts.size() <= 1) {
            return counts.keySet().stream().findFirst();
        }
        int most = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<String> tied = counts.entrySet().stream().filter(e -> e.getValue() == most).map(Map.Entry::getKey).toList();
        if (cookie.isPresent() && tied.contains(cookie.get().clientId())) {
            return Optional.of(cookie.get().clientId());
        }
        return tied.stream().min((a, b) -> oldest.get(a).compareTo(oldest.get(b)));
    }

    static void log(String sessionId, String reason) {
        System.getLogger(MultiSession.class.getName()).log(System.Logger.Level.INFO,
                "multisession: session cookie ignored, reason=" + reason + ", session " + Ids.shortHash(sessionId));
    }
}
