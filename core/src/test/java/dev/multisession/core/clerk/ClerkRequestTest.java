package dev.multisession.core.clerk;

import dev.multisession.core.selection.RequestView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the clerk profile finds a request's token: the header first, then Clerk's cookies, suffixed when the browser has them. */
class ClerkRequestTest {
    private static final Optional<String> SUFFIX = Optional.of("qReyu04C");

    @Test
    void aBearerTokenComesFirst() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder().header("Authorization", "Bearer a.b.c")
                .cookie("__session", "x.y.z").cookie("__client_uat", "1").build(), Optional.empty());
        assertEquals(Optional.of("a.b.c"), r.bearer());
        assertTrue(r.cookieTokens().isEmpty());
    }

    @Test
    void anotherSchemeIsIgnoredAndTheCookieIsRead() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder().header("Authorization", "Basic dXNlcjpwdw==")
                .cookie("__session", "x.y.z").cookie("__client_uat", "1700000000").build(), Optional.empty());
        assertEquals(Optional.empty(), r.bearer());
        assertEquals(List.of("x.y.z"), r.cookieTokens());
        assertEquals(1700000000L, r.clientUat());
    }

    @Test
    void twoBearerHeadersAreUnusable() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder().header("Authorization", "Bearer a.b.c")
                .header("Authorization", "Bearer d.e.f").build(), Optional.empty());
        assertTrue(r.bearerUnusable());
    }

    @Test
    void theSuffixedPairIsReadWhenTheSuffixedClientUatIsThere() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder().cookie("__session", "old.t.t").cookie("__client_uat", "5")
                .cookie("__session_qReyu04C", "new.t.t").cookie("__client_uat_qReyu04C", "7").build(), SUFFIX);
        assertTrue(r.suffixed());
        assertEquals(List.of("new.t.t"), r.cookieTokens());
        assertEquals(7, r.clientUat());
    }

    @Test
    void clerksCookiesAreReadFromTheRawCookieHeaderAsTheContainerWouldGiveThem() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder()
                .cookieHeader("theme=dark; __session=old.t.t; ms_client=x; __session_qReyu04C=\"new.t.t\"; __client_uat_qReyu04C = 7")
                .build(), SUFFIX);
        assertTrue(r.suffixed());
        assertEquals(List.of("new.t.t"), r.cookieTokens());
        assertEquals(7, r.clientUat());
    }

    @Test
    void theUnsuffixedPairIsReadWithoutTheSuffixedClientUat() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder().cookie("__session", "old.t.t").cookie("__client_uat", "5")
                .cookie("__session_qReyu04C", "new.t.t").build(), SUFFIX);
        assertFalse(r.suffixed());
        assertEquals(List.of("old.t.t"), r.cookieTokens());
    }

    @Test
    void anotherAppsSuffixIsNotRead() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder().cookie("__session_OTHERAPP", "t.t.t")
                .cookie("__client_uat_OTHERAPP", "5").build(), SUFFIX);
        assertTrue(r.cookieTokens().isEmpty());
        assertEquals(0, r.clientUat());
    }

    @Test
    void anUnreadableClientUatIsZero() {
        for (String v : List.of("", "abc", "-1", "1.5", "9999999999999", " 5")) {
            assertEquals(0, ClerkRequest.epochSeconds(v), v);
        }
    }

    @Test
    void ofSeveralClientUatValuesTheHighestCounts() {
        ClerkRequest r = ClerkRequest.read(RequestView.builder().cookie("__client_uat", "9").cookie("__client_uat", "3")
                .cookie("__session", "t.t.t").build(), Optional.empty());
        assertEquals(9, r.clientUat());
    }

    @Test
    void atMostFourSessionValuesAreKept() {
        RequestView.Builder b = RequestView.builder().cookie("__client_uat", "1");
        for (int i = 0; i < 10; i++) {
            b.cookie("__session", "t" + i + ".t.t");
        }
        assertEquals(ClerkRequest.MAX_VALUES, ClerkRequest.read(b.build(), Optional.empty()).cookieTokens().size());
    }
}
