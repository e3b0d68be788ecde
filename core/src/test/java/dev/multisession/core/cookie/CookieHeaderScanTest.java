package dev.multisession.core.cookie;

import dev.multisession.core.selection.RequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading the cookie family straight from raw {@code Cookie} headers: the same cookies a strict
 * container's parse would give, but only the family's, and compared in place.
 */
class CookieHeaderScanTest {
    private static final String SESSION = "ms_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1hYmNkZWZnaGlqa2xtbm9w";

    private static List<String> pairs(CookieHeaderScan scan) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scan.size(); i++) {
            out.add(scan.name(i) + "=" + scan.value(i));
        }
        return out;
    }

    private static CookieHeaderScan scan(String... headers) {
        return CookieHeaderScan.of(List.of(headers), "");
    }

    @Test
    void allReadsEveryCookieByTheSameGrammarAndSkipsNamesThatAreNotTokens() {
        CookieHeaderScan scan = CookieHeaderScan.all(java.util.List.of("a=1; __session = \"t.t.t\" ; bad name=x; flag; ms_client=c"));
        java.util.List<String> read = new java.util.ArrayList<>();
        for (int k = 0; k < scan.size(); k++) {
            read.add(scan.name(k) + "=" + scan.value(k));
        }
        assertEquals(java.util.List.of("a=1", "__session=t.t.t", "flag=", "ms_client=c"), read);
    }

    @Test
    void onlyTheFamilysCookiesAreKeptInTheOrderSent() {
        assertEquals(List.of("ms_client=v1.x.y", SESSION + "=" + TOKEN),
                pairs(scan("theme=dark; ms_client=v1.x.y; _ga=GA1.2.3; " + SESSION + "=" + TOKEN + "; ms_theme=x")));
    }

    @Test
    void whitespaceAroundNamesAndValuesIsDropped() {
        assertEquals(List.of(SESSION + "=" + TOKEN), pairs(scan(" \t" + SESSION + " \t= \t" + TOKEN + " \t;")));
    }

    @Test
    void aValueInOnePairOfDoubleQuotesIsReadWithoutThem() {
        assertEquals(List.of(SESSION + "=" + TOKEN), pairs(scan(SESSION + "=\"" + TOKEN + "\"")));
        assertEquals(List.of(SESSION + "=\""), pairs(scan(SESSION + "=\"")), "a lone quote stays");
    }

    @Test
    void aNameWithoutAnEqualsSignHasAnEmptyValue() {
        assertEquals(List.of(SESSION + "="), pairs(scan(SESSION + "; other=1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ms_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R x", "ms_client\"", "ms_sess_(a)", "ms_client,"})
    void aNameThatIsNoHttpTokenIsSkippedAsAStrictContainerDropsIt(String name) {
        assertEquals(0, scan(name + "=" + TOKEN).size());
    }

    @Test
    void duplicatesAndSeveralHeadersKeepEveryValueInOrder() {
        assertEquals(List.of(SESSION + "=a", SESSION + "=b", SESSION + "=c"),
                pairs(scan(SESSION + "=a; " + SESSION + "=b", SESSION + "=c")));
    }

    @Test
    void hostPrefixedNamesAndOnlyThisNamespacesFamilyAreKept() {
        CookieHeaderScan shop = CookieHeaderScan.of(List.of("__Host-ms-shop_client=a; ms_client=b; ms-shopx_client=c; ms-shop_client=d"),
                "shop");
        assertEquals(List.of("__Host-ms-shop_client=a", "ms-shop_client=d"), pairs(shop));
    }

    @Test
    void emptyAndSeparatorOnlyHeadersHoldNothing() {
        assertEquals(0, scan("", ";;;", " ; ; ", "=", "==;=").size());
    }

    @Test
    void matchesComparesEveryCharacterInPlace() {
        CookieHeaderScan s = scan("a=1; " + SESSION + "=" + TOKEN);
        assertEquals(SESSION + "=" + TOKEN, s.segment(0));
        assertTrue(s.matches(0, SESSION + "=" + TOKEN));
        int middle = TOKEN.length() / 2;
        String changed = TOKEN.substring(0, middle) + (TOKEN.charAt(middle) == 'x' ? 'y' : 'x') + TOKEN.substring(middle + 1);
        assertFalse(s.matches(0, SESSION + "=" + changed));
        assertFalse(s.matches(0, SESSION + "=" + TOKEN + "A"));
        assertFalse(s.matches(0, SESSION + "=" + TOKEN.substring(1)));
        assertFalse(s.matches(0, "ms_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3S=" + TOKEN));
    }

    @Test
    void aPairSentWithOtherSpacingOrQuotesIsADifferentSegment() {
        assertEquals(SESSION + " = \"" + TOKEN + "\"", scan(SESSION + " = \"" + TOKEN + "\" ").segment(0));
        assertFalse(scan(SESSION + " = " + TOKEN).matches(0, SESSION + "=" + TOKEN));
    }

    @Test
    void aPairThatOccursLaterInTheHeaderIsNoMatchHere() {
        CookieHeaderScan s = scan(SESSION + "=abc; " + SESSION + "=" + TOKEN);
        assertFalse(s.matches(0, SESSION + "=" + TOKEN));
        assertTrue(s.matches(1, SESSION + "=" + TOKEN));
    }

    @Test
    void equalCookiesHashAlikeWhereverTheyStandInTheHeader() {
        CookieHeaderScan one = scan("x=1; " + SESSION + "=" + TOKEN);
        CookieHeaderScan other = scan(SESSION + "=" + TOKEN + "; y=2");
        assertEquals(one.segmentsHash(), other.segmentsHash());
        assertEquals(one.segmentsHash(), CookieHeaderScan.segmentsHash(List.of(SESSION + "=" + TOKEN)));
    }

    @Test
    void aRequestViewBuiltFromTheHeaderParsesLikeOneBuiltFromTheCookies() {
        String header = "theme=dark; ms_client=v1.client_01JD3Q8Z6V8W4S0F2K7N5M9P3R.sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R; "
                + SESSION + "=" + TOKEN + "; " + SESSION + "=junk; ms_sess_bad=" + TOKEN;
        CookieFamily.Parsed fromHeader = CookieFamily.parse(RequestView.builder().cookieHeader(header).build(), 4096);
        RequestView.Builder b = RequestView.builder();
        for (String pair : header.split(";")) {
            String[] nv = pair.trim().split("=", 2);
            b.cookie(nv[0], nv[1]);
        }
        assertEquals(CookieFamily.parse(b.build(), 4096), fromHeader);
    }
}
