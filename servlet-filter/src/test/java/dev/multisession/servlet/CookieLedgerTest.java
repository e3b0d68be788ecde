package dev.multisession.servlet;

import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieWrite;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cookie writes of one response ({@link CookieLedger}): a later write of a name replaces the
 * earlier one before anything is sent; each name is sent once; deletions beyond the budget are
 * dropped earliest first before sending, never a live cookie's write; headers are only ever
 * added, never set, cleared or read back, so the container's handling of
 * {@code setHeader(name, null)} does not matter.
 */
class CookieLedgerTest {
    private static final String S1 = "sess_01KF0HJ0800Z4F7C75STDYPD2V";
    private static final String S2 = "sess_01KF0HJ0800Z4F7C75STDYPD2W";

    /** A response that records {@code addHeader("Set-Cookie", …)} and refuses every other header call. */
    private static final class Recorder {
        final List<String> setCookies = new ArrayList<>();
        boolean committed;
        final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "addHeader" -> {
                            assertEquals("Set-Cookie", args[0]);
                            setCookies.add((String) args[1]);
                            return null;
                        }
                        case "isCommitted" -> {
                            return committed;
                        }
                        default -> throw new AssertionError("the ledger called " + method.getName());
                    }
                });

        List<String> names() {
            return setCookies.stream().map(h -> h.substring(0, h.indexOf('='))).toList();
        }
    }

    private static CookieWrite session(String id, String token) {
        return CookieFamily.sessionCookie(id, token, Duration.ofDays(1), false);
    }

    private static CookieWrite delete(String name) {
        return CookieWrite.delete(name, false);
    }

    private static CookieLedger deferred() {
        CookieLedger ledger = newLedger();
        ledger.deferToCommit();
        return ledger;
    }

    private static CookieLedger newLedger() {
        return CookieLedger.of(new FakeRequestAttributes().request());
    }

    @Test
    void aLaterWriteOfANameReplacesTheEarlierBeforeAnythingIsSent() {
        Recorder r = new Recorder();
        CookieLedger ledger = deferred();
        ledger.add(List.of(session(S1, "a.b.old"), session(S2, "a.b.two")), r.response);
        ledger.add(List.of(session(S1, "a.b.new")), r.response);
        ledger.send(r.response);
        assertEquals(List.of("ms_" + S2, "ms_" + S1), r.names());
        assertTrue(r.setCookies.get(1).startsWith("ms_" + S1 + "=a.b.new;"), r.names().toString());
    }

    @Test
    void nothingIsSentBeforeTheResponseCommitsWhenAWrapperWillSend() {
        Recorder r = new Recorder();
        deferred().add(List.of(session(S1, "a.b.c")), r.response);
        assertEquals(List.of(), r.setCookies);
    }

    @Test
    void theWritesAreSentOnce() {
        Recorder r = new Recorder();
        CookieLedger ledger = deferred();
        ledger.add(List.of(session(S1, "a.b.c")), r.response);
        ledger.send(r.response);
        ledger.send(r.response);
        assertEquals(List.of("ms_" + S1), r.names());
    }

    @Test
    void withoutAWrapperTheWritesAreSentAtOnce() {
        Recorder r = new Recorder();
        newLedger().add(List.of(session(S1, "a.b.c")), r.response);
        assertEquals(List.of("ms_" + S1), r.names());
    }

    @Test
    void deletionsBeyondTheBudgetAreDroppedEarliestFirst() {
        List<CookieWrite> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            writes.add(delete("ms_sess_" + String.format("%026d", i)));
        }
        List<CookieWrite> kept = CookieLedger.withinBudget(writes, CookieLedger.DELETION_BUDGET);
        int chars = kept.stream().mapToInt(w -> w.toSetCookieHeader().length()).sum();
        assertTrue(chars <= CookieLedger.DELETION_BUDGET && chars > CookieLedger.DELETION_BUDGET - 200, chars + " characters");
        assertEquals(writes.subList(writes.size() - kept.size(), writes.size()), kept, "the latest deletions are kept");
    }

    @Test
    void aLiveCookiesWriteIsNeverDroppedForTheBudget() {
        List<CookieWrite> writes = new ArrayList<>();
        writes.add(session(S1, "a.b.c"));
        for (int i = 0; i < 100; i++) {
            writes.add(delete("ms_sess_" + String.format("%026d", i)));
        }
        assertEquals(writes.get(0), CookieLedger.withinBudget(writes, 0).get(0));
        assertEquals(List.of(writes.get(0)), CookieLedger.withinBudget(writes, 0));
    }

    @Test
    void theBudgetIsAppliedWhenTheWritesAreSent() {
        Recorder r = new Recorder();
        CookieLedger ledger = deferred();
        for (int i = 0; i < 100; i++) {
            ledger.add(List.of(delete("ms_sess_" + String.format("%026d", i))), r.response);
        }
        ledger.send(r.response);
        assertTrue(r.setCookies.stream().mapToInt(String::length).sum() <= CookieLedger.DELETION_BUDGET);
        assertTrue(r.names().contains("ms_sess_" + String.format("%026d", 99)), "the last deletion is kept");
    }

    @Test
    void aWriteAfterTheWritesWereSentIsSentAtOnceUnlessTheResponseCarriesIt() {
        Recorder r = new Recorder();
        CookieLedger ledger = deferred();
        ledger.add(List.of(session(S1, "a.b.c"), delete("ms_client")), r.response);
        ledger.send(r.response);
        ledger.add(List.of(delete("ms_client"), session(S2, "d.e.f")), r.response);
        assertEquals(List.of("ms_" + S1, "ms_client", "ms_" + S2), r.names());
    }

    @Test
    void lateDeletionsCountAgainstTheDeletionsAlreadySent() {
        Recorder r = new Recorder();
        CookieLedger ledger = deferred();
        List<CookieWrite> early = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            early.add(delete("ms_sess_" + String.format("%026d", i)));
        }
        ledger.add(early, r.response);
        ledger.send(r.response);
        int sent = r.setCookies.size();
        ledger.add(List.of(delete("ms_sess_" + String.format("%026d", 500)), session(S1, "a.b.c")), r.response);
        assertEquals(List.of("ms_" + S1), r.names().subList(sent, r.names().size()), "no room left for the late deletion");
    }

    @Test
    void afterTheHeadersWereClearedEveryWriteIsSentAgain() {
        Recorder r = new Recorder();
        CookieLedger ledger = deferred();
        ledger.add(List.of(session(S1, "a.b.c")), r.response);
        ledger.send(r.response);
        ledger.headersCleared();
        ledger.send(r.response);
        assertEquals(List.of("ms_" + S1, "ms_" + S1), r.names(), "once per set of headers");
    }

    @Test
    void theRequestsLedgerIsFoundAgain() {
        FakeRequestAttributes attributes = new FakeRequestAttributes();
        CookieLedger ledger = CookieLedger.of(attributes.request());
        assertTrue(ledger == CookieLedger.of(attributes.request()));
        assertTrue(!CookieLedger.hasWrites(attributes.request()));
        ledger.add(List.of(session(S1, "a.b.c")), new Recorder().response);
        assertTrue(CookieLedger.hasWrites(attributes.request()));
    }

    /** A request that only keeps attributes. */
    private static final class FakeRequestAttributes {
        private final java.util.Map<String, Object> attributes = new java.util.HashMap<>();

        jakarta.servlet.http.HttpServletRequest request() {
            return (jakarta.servlet.http.HttpServletRequest) Proxy.newProxyInstance(
                    jakarta.servlet.http.HttpServletRequest.class.getClassLoader(),
                    new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> {
                            attributes.put((String) args[0], args[1]);
                            yield null;
                        }
                        default -> throw new AssertionError("unexpected " + method.getName());
                    });
        }
    }
}
