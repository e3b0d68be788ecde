package dev.multisession.core.cookie;

import dev.multisession.core.model.Ids;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the cookie family of docs/how-it-works.md: "Cookies": the client cookie {@code <p>ms_client =
 * v1.<clientId>.<sessionId>} and one {@code <p>ms_<sessionId>} per session, with {@code <p>} =
 * {@code __Host-} on HTTPS and empty on plain HTTP. Parsing never throws; malformed, ambiguous
 * or (on HTTPS) unprefixed cookies of the family are ignored and listed for deletion, while other
 * cookies are left alone. Every write is {@code HttpOnly; SameSite=Lax; Path=/}, {@code Secure}
 * exactly on HTTPS, and never shows its value in {@code toString()}.
 */
class CookieFamilyTest {
    private static final int MAX_TOKEN = 4096;
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl";
    private static final String OTHER_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzIifQ.b3RoZXI";

    private String clientId;
    private String sid1;
    private String sid2;

    @BeforeEach
    void setUp() {
        MutableClock clock = MutableClock.atFixedStart();
        clientId = Ids.newClientId(clock);
        sid1 = Ids.newSessionId(clock);
        sid2 = Ids.newSessionId(clock);
    }

    private static RequestView.Builder request(boolean secure) {
        return RequestView.builder().secure(secure);
    }

    private static CookieFamily.Parsed parse(RequestView.Builder request) {
        return CookieFamily.parse(request.build(), MAX_TOKEN);
    }

    private String clientValue() {
        return "v1." + clientId + "." + sid1;
    }

    // ------------------------------------------------------------------ parsing well-formed cookies

    @Test
    void onHttpsTheHostPrefixedClientCookieNamesTheClientAndItsLastActiveSession() {
        CookieFamily.Parsed p = parse(request(true).cookie("__Host-ms_client", clientValue()));
        assertEquals(Optional.of(new CookieFamily.ClientCookie(clientId, sid1)), p.clientCookie());
        assertEquals(List.of(), p.toDelete());
        assertTrue(p.secure());
    }

    @Test
    void onHttpsHostPrefixedSessionCookiesGiveTheirTokens() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("__Host-ms_" + sid1, TOKEN)
                .cookie("__Host-ms_" + sid2, OTHER_TOKEN));
        assertEquals(Map.of(sid1, List.of(TOKEN), sid2, List.of(OTHER_TOKEN)), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void onPlainHttpBareNamesAreTheFamily() {
        CookieFamily.Parsed p = parse(request(false)
                .cookie("ms_client", clientValue())
                .cookie("ms_" + sid1, TOKEN));
        assertEquals(Optional.of(new CookieFamily.ClientCookie(clientId, sid1)), p.clientCookie());
        assertEquals(Map.of(sid1, List.of(TOKEN)), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
        assertFalse(p.secure());
    }

    @Test
    void onPlainHttpHostPrefixedCookiesAreNeitherReadNorDeleted() {
        CookieFamily.Parsed p = parse(request(false)
                .cookie("__Host-ms_client", clientValue())
                .cookie("__Host-ms_" + sid1, TOKEN));
        assertEquals(Optional.empty(), p.clientCookie());
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void aRequestWithoutCookiesParsesToNothing() {
        CookieFamily.Parsed p = parse(request(true));
        assertEquals(Optional.empty(), p.clientCookie());
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void cookieNamesFollowTheRequestsScheme() {
        assertEquals("__Host-ms_client", CookieFamily.clientCookieName(true));
        assertEquals("ms_client", CookieFamily.clientCookieName(false));
        assertEquals("__Host-ms_" + sid1, CookieFamily.sessionCookieName(sid1, true));
        assertEquals("ms_" + sid1, CookieFamily.sessionCookieName(sid1, false));
    }

    @Test
    void aWrittenClientCookieParsesBack() {
        CookieWrite write = CookieFamily.clientCookie(clientId, sid2, Duration.ofDays(7), true);
        CookieFamily.Parsed p = parse(request(true).cookie(write.name(), write.value()));
        assertEquals(Optional.of(new CookieFamily.ClientCookie(clientId, sid2)), p.clientCookie());
    }

    // ------------------------------------------------------------------ unprefixed on HTTPS

    @Test
    void onHttpsUnprefixedFamilyCookiesAreIgnoredAndListedForDeletion() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("ms_client", clientValue())
                .cookie("ms_" + sid1, TOKEN));
        assertEquals(Optional.empty(), p.clientCookie());
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of("ms_client", "ms_" + sid1), p.toDelete());
    }

    @Test
    void onHttpsAPlantedUnprefixedClientCookieDoesNotDisturbThePrefixedOne() {
        String plantedValue = "v1." + clientId + "." + sid2;
        CookieFamily.Parsed p = parse(request(true)
                .cookie("ms_client", plantedValue)
                .cookie("__Host-ms_client", clientValue()));
        assertEquals(Optional.of(new CookieFamily.ClientCookie(clientId, sid1)), p.clientCookie());
        assertEquals(List.of("ms_client"), p.toDelete());
    }

    // ------------------------------------------------------------------ malformed client cookies

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wrong version", "bad client id", "bad session id", "extra dot", "missing part",
            "too long", "empty", "session id first", "longer version", "no version"})
    void aMalformedClientCookieIsIgnoredAndDeleted(String kind) {
        String value = switch (kind) {
            case "wrong version" -> "v2." + clientId + "." + sid1;
            case "bad client id" -> "v1.client_short." + sid1;
            case "bad session id" -> "v1." + clientId + ".sess_NOPE";
            case "extra dot" -> "v1." + clientId + "." + sid1 + ".";
            case "missing part" -> "v1." + clientId;
            case "too long" -> "v1." + clientId + "." + sid1 + "x".repeat(4000);
            case "empty" -> "";
            case "session id first" -> "v1." + sid1 + "." + clientId;
            case "longer version" -> "v11." + clientId + "." + sid1;
            case "no version" -> "." + clientId + "." + sid1;
            default -> throw new IllegalArgumentException(kind);
        };
        CookieFamily.Parsed p = parse(request(true).cookie("__Host-ms_client", value));
        assertEquals(Optional.empty(), p.clientCookie());
        assertEquals(List.of("__Host-ms_client"), p.toDelete());
    }

    @Test
    void twoDifferentClientCookiesAreBothDistrustedAndDeleted() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("__Host-ms_client", clientValue())
                .cookie("__Host-ms_client", "v1." + clientId + "." + sid2));
        assertEquals(Optional.empty(), p.clientCookie());
        assertEquals(List.of("__Host-ms_client"), p.toDelete());
    }

    @Test
    void twoIdenticalClientCookiesAreOne() {
        CookieFamily.Parsed p = parse(request(false)
                .cookie("ms_client", clientValue())
                .cookie("ms_client", clientValue()));
        assertEquals(Optional.of(new CookieFamily.ClientCookie(clientId, sid1)), p.clientCookie());
        assertEquals(List.of(), p.toDelete());
    }

    // ------------------------------------------------------------------ malformed session cookies

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms_sess_tooshort", "ms_sess_01jd3q0000abcdefghjkmnpqrs", "ms_sess_"})
    void aSessionCookieWhoseNameHoldsNoSessionIdIsDeleted(String bareName) {
        CookieFamily.Parsed p = parse(request(true).cookie("__Host-" + bareName, TOKEN));
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of("__Host-" + bareName), p.toDelete());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms_", "ms_client2", "ms_theme", "ms_session"})
    void theAppsOwnMsCookiesAreNotPartOfTheFamily(String bareName) {
        CookieFamily.Parsed p = parse(request(false).cookie(bareName, TOKEN));
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "not-a-token", "a.b", "a.b.c.d", "a..c", ".b.c", "a.b.", "a.b.c=",
            "a+b.c.d", "a/b.c.d", "a.b c.d", "a.b.c\r\nSet-Cookie: x=y", "deleted"})
    void aSessionCookieThatIsNotACompactJwsIsDeleted(String value) {
        CookieFamily.Parsed p = parse(request(true).cookie("__Host-ms_" + sid1, value));
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of("__Host-ms_" + sid1), p.toDelete());
    }

    @Test
    void aSessionCookieLongerThanTheTokenCapIsDeleted() {
        String huge = "a".repeat(MAX_TOKEN) + ".b.c";
        CookieFamily.Parsed p = parse(request(false).cookie("ms_" + sid1, huge));
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of("ms_" + sid1), p.toDelete());
    }

    @Test
    void theAlreadyVerifiedShortcutSkipsTheFormScanOnlyForTheValuesItVouchesFor() {
        List<String> asked = new ArrayList<>();
        CookieFamily.Parsed p = CookieFamily.parse(request(true)
                .cookie("__Host-ms_" + sid1, "garbage")
                .cookie("__Host-ms_" + sid2, TOKEN).build(), MAX_TOKEN, value -> {
                    asked.add(value);
                    return value.equals(TOKEN);
                });
        assertEquals(Map.of(sid2, List.of(TOKEN)), p.sessionTokens());
        assertEquals(List.of("__Host-ms_" + sid1), p.toDelete());
        assertEquals(List.of("garbage", TOKEN), asked);
    }

    @Test
    void oneMalformedSessionCookieDoesNotDisturbTheOthers() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("__Host-ms_" + sid1, "garbage")
                .cookie("__Host-ms_" + sid2, TOKEN)
                .cookie("__Host-ms_client", clientValue()));
        assertEquals(Map.of(sid2, List.of(TOKEN)), p.sessionTokens());
        assertEquals(Optional.of(new CookieFamily.ClientCookie(clientId, sid1)), p.clientCookie());
        assertEquals(List.of("__Host-ms_" + sid1), p.toDelete());
    }

    @Test
    void duplicateSessionCookiesKeepEveryValueAsACandidateInOrder() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("__Host-ms_" + sid1, OTHER_TOKEN)
                .cookie("__Host-ms_" + sid1, TOKEN));
        assertEquals(Map.of(sid1, List.of(OTHER_TOKEN, TOKEN)), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void sessionTokensKeepTheOrderTheBrowserSentThem() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("__Host-ms_" + sid2, TOKEN)
                .cookie("__Host-ms_" + sid1, TOKEN));
        assertEquals(List.of(sid2, sid1), List.copyOf(p.sessionTokens().keySet()));
    }

    @Test
    void cookiesOutsideTheFamilyAreUntouched() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("JSESSIONID", "abc")
                .cookie("theme", "dark")
                .cookie("ams_x", "1")
                .cookie("__Host-csrf", "xyz")
                .cookie("__Secure-ms_client", "junk")
                .cookie("MS_CLIENT", "junk"));
        assertEquals(Optional.empty(), p.clientCookie());
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void theParsedResultCannotBeChangedByItsReader() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("__Host-ms_" + sid1, TOKEN)
                .cookie("ms_client", clientValue()));
        assertThrows(UnsupportedOperationException.class, () -> p.sessionTokens().clear());
        assertThrows(UnsupportedOperationException.class, () -> p.sessionTokens().get(sid1).add(OTHER_TOKEN));
        assertThrows(UnsupportedOperationException.class, () -> p.toDelete().clear());
    }

    // ------------------------------------------------------------------ namespaces

    private static RequestView.Builder request(boolean secure, String namespace) {
        return RequestView.builder().secure(secure).cookieNamespace(namespace);
    }

    @Test
    void aNamespacedFamilyIsNamedMsDashNamespaceUnderscore() {
        assertEquals("ms-shop_client", CookieFamily.clientCookieName("shop", false));
        assertEquals("__Host-ms-shop_client", CookieFamily.clientCookieName("shop", true));
        assertEquals("ms-shop_" + sid1, CookieFamily.sessionCookieName("shop", sid1, false));
        assertEquals("__Host-ms-shop_" + sid1, CookieFamily.sessionCookieName("shop", sid1, true));
    }

    @Test
    void theRootNamespaceHasTodaysNames() {
        assertEquals("ms_client", CookieFamily.clientCookieName(CookieFamily.ROOT_NAMESPACE, false));
        assertEquals("__Host-ms_" + sid1, CookieFamily.sessionCookieName(CookieFamily.ROOT_NAMESPACE, sid1, true));
    }

    @Test
    void aNamespacedRequestReadsItsOwnFamily() {
        CookieWrite client = CookieFamily.clientCookie("shop", clientId, sid1, Duration.ofDays(7), true);
        CookieFamily.Parsed p = parse(request(true, "shop")
                .cookie(client.name(), client.value())
                .cookie("__Host-ms-shop_" + sid1, TOKEN));
        assertEquals(Optional.of(new CookieFamily.ClientCookie(clientId, sid1)), p.clientCookie());
        assertEquals(Map.of(sid1, List.of(TOKEN)), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void anotherNamespacesCookiesAreNeitherReadNorDeleted() {
        CookieFamily.Parsed p = parse(request(true, "shop")
                .cookie("__Host-ms_client", "garbage")
                .cookie("__Host-ms_" + sid1, TOKEN)
                .cookie("__Host-ms_sess_bad", "garbage")
                .cookie("__Host-ms-blog_client", "garbage")
                .cookie("__Host-ms-blog_" + sid2, TOKEN)
                .cookie("ms-blog_sess_bad", "garbage")
                .cookie("__Host-ms-shop-x_" + sid2, TOKEN));
        assertEquals(Optional.empty(), p.clientCookie());
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void theRootNamespaceNeverReadsOrDeletesANamespacedFamily() {
        CookieFamily.Parsed p = parse(request(true)
                .cookie("__Host-ms-shop_client", "garbage")
                .cookie("__Host-ms-shop_" + sid1, TOKEN)
                .cookie("ms-shop_sess_bad", "garbage"));
        assertEquals(Map.of(), p.sessionTokens());
        assertEquals(List.of(), p.toDelete());
    }

    @Test
    void aNamespacedFamilysBadCookiesAreListedForDeletion() {
        CookieFamily.Parsed p = parse(request(true, "shop")
                .cookie("ms-shop_" + sid1, TOKEN)
                .cookie("__Host-ms-shop_sess_bad", TOKEN)
                .cookie("__Host-ms-shop_client", "garbage"));
        assertEquals(List.of("ms-shop_" + sid1, "__Host-ms-shop_sess_bad", "__Host-ms-shop_client"), p.toDelete());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ms-shop_client", "ms-shop_sess_x"})
    void familyNamesOfOneNamespaceAreNoneOfAnothers(String bare) {
        assertTrue(CookieFamily.isFamilyName(bare, "shop"));
        assertFalse(CookieFamily.isFamilyName(bare, CookieFamily.ROOT_NAMESPACE));
        assertFalse(CookieFamily.isFamilyName(bare, "sho"));
        assertFalse(CookieFamily.isFamilyName(bare, "shop-x"));
        assertFalse(CookieFamily.isFamilyName(bare, "s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ms-shop_clients", "ms-shop_theme", "ms-shop_", "ms-shop", "ms-shopclient", "ms_shop_client"})
    void theAppsOwnLookalikeCookiesAreNotTheFamilys(String bare) {
        assertFalse(CookieFamily.isFamilyName(bare, "shop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "a-b", "A1", "x", "0123456789abcdef0123456789ABCDEF"})
    void aNamespaceIsLettersDigitsAndDashes(String namespace) {
        assertTrue(CookieFamily.isNamespace(namespace));
        assertEquals(namespace, RequestView.builder().cookieNamespace(namespace).build().cookieNamespace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a_b", "a b", "a;b", "a=b", "a.b", "caf\u00e9", "0123456789abcdef0123456789ABCDEF0"})
    void anythingElseIsNoNamespace(String value) {
        assertFalse(CookieFamily.isNamespace(value));
        if (!value.isEmpty()) {
            assertThrows(IllegalArgumentException.class, () -> RequestView.builder().cookieNamespace(value));
        }
    }

    @Test
    void aRequestViewHasTheRootNamespaceUnlessTold() {
        assertEquals(CookieFamily.ROOT_NAMESPACE, RequestView.builder().build().cookieNamespace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/"})
    void theServerRootKeepsTheRootNamespace(String contextPath) {
        assertEquals(CookieFamily.ROOT_NAMESPACE, CookieFamily.namespaceForContextPath(contextPath));
    }

    @Test
    void aOneWordContextPathIsItsOwnNamespace() {
        assertEquals("shop", CookieFamily.namespaceForContextPath("/shop"));
        assertEquals("Shop2", CookieFamily.namespaceForContextPath("/Shop2"));
    }

    @Test
    void otherContextPathsAreASlugAndAHash() {
        String ab = CookieFamily.namespaceForContextPath("/a/b");
        assertTrue(ab.matches("a-b-[a-z2-7]{8}"), ab);
        assertEquals(ab, CookieFamily.namespaceForContextPath("/a/b"), "stable");
    }

    @ParameterizedTest
    @CsvSource({"/a/b,/a-b", "/a/b,/a_b", "/a-b,/a_b", "/shop,/shop/", "/ab,/a/b", "/app-1,/app/1", "/x,/x.y"})
    void differentContextPathsHaveDifferentNamespaces(String one, String other) {
        assertNotEquals(CookieFamily.namespaceForContextPath(one), CookieFamily.namespaceForContextPath(other));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/b", "/a-b", "/%C3%A9t%C3%A9", "/\u00e9t\u00e9", "/_", "/a very long context path with spaces/and/more/segments",
            "/0123456789012345678901234", "/shop/"})
    void everyDerivedNamespaceIsAValidShortNamespace(String contextPath) {
        String namespace = CookieFamily.namespaceForContextPath(contextPath);
        assertTrue(CookieFamily.isNamespace(namespace), namespace);
        assertTrue(namespace.length() <= 25, namespace);
    }

    // ------------------------------------------------------------------ CookieWrite

    private static List<String> attributes(CookieWrite write) {
        String[] parts = write.toSetCookieHeader().split("; ");
        return Arrays.asList(parts).subList(1, parts.length);
    }

    @Test
    void aSecureWriteIsHttpOnlyLaxRootPathAndSecure() {
        CookieWrite write = CookieFamily.sessionCookie(sid1, TOKEN, Duration.ofDays(7), true);
        String header = write.toSetCookieHeader();
        assertTrue(header.startsWith("__Host-ms_" + sid1 + "=" + TOKEN + "; "), header);
        List<String> attributes = attributes(write);
        assertTrue(attributes.contains("HttpOnly"), header);
        assertTrue(attributes.contains("SameSite=Lax"), header);
        assertTrue(attributes.contains("Path=/"), header);
        assertTrue(attributes.contains("Secure"), header);
        assertTrue(attributes.contains("Max-Age=604800"), header);
    }

    @Test
    void aPlainHttpWriteHasNoSecureAttribute() {
        CookieWrite write = CookieFamily.clientCookie(clientId, sid1, Duration.ofHours(1), false);
        List<String> attributes = attributes(write);
        assertFalse(attributes.contains("Secure"), write.toSetCookieHeader());
        assertTrue(attributes.contains("HttpOnly"));
        assertTrue(attributes.contains("SameSite=Lax"));
        assertTrue(attributes.contains("Path=/"));
        assertTrue(attributes.contains("Max-Age=3600"));
        assertTrue(write.toSetCookieHeader().startsWith("ms_client=v1." + clientId + "." + sid1 + "; "));
    }

    @Test
    void noWriteCarriesADomain() {
        for (boolean secure : new boolean[] {true, false}) {
            CookieWrite write = CookieFamily.sessionCookie(sid1, TOKEN, Duration.ofDays(1), secure);
            assertFalse(write.toSetCookieHeader().toLowerCase().contains("domain"), write.toSetCookieHeader());
        }
    }

    @Test
    void aDeletionHasAnEmptyValueAndMaxAgeZero() {
        CookieWrite delete = CookieWrite.delete("__Host-ms_" + sid1, true);
        assertTrue(delete.isDeletion());
        String header = delete.toSetCookieHeader();
        assertTrue(header.startsWith("__Host-ms_" + sid1 + "=; "), header);
        List<String> attributes = attributes(delete);
        assertTrue(attributes.contains("Max-Age=0"), header);
        assertTrue(attributes.contains("Path=/"), header);
        assertTrue(attributes.contains("HttpOnly"), header);
        assertTrue(attributes.contains("Secure"), "a __Host- cookie is only deleted by a Secure write: " + header);
    }

    @Test
    void aWriteWithALifetimeIsNotADeletion() {
        assertFalse(CookieFamily.sessionCookie(sid1, TOKEN, Duration.ofSeconds(60), true).isDeletion());
    }

    @Test
    void toStringNeverShowsTheValue() {
        CookieWrite write = CookieFamily.sessionCookie(sid1, TOKEN, Duration.ofDays(7), true);
        assertFalse(write.toString().contains(TOKEN), write.toString());
        assertFalse(write.toString().contains("c2lnbmF0dXJl"), "not even the signature: " + write);
        CookieWrite client = CookieFamily.clientCookie(clientId, sid1, Duration.ofDays(7), true);
        assertFalse(client.toString().contains(client.value()), client.toString());
    }

    @Test
    void aRequestCookieNeverShowsItsValueEither() {
        RequestView request = request(true).cookie("__Host-ms_" + sid1, TOKEN).build();
        assertFalse(request.cookies().toString().contains(TOKEN));
    }
}
