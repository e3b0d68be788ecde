package dev.multisession.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's {@code /api/me} over HTTP: JSON from CDI-injected beans, per chosen account; 401 when signed out. */
class ExampleHttpTest {
    private static ExampleApp app;

    @BeforeAll
    static void start() throws Exception {
        app = ExampleApp.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> send(HttpClient c, HttpRequest.Builder b) throws Exception {
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postSignIn(HttpClient c, String user, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "123"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(c, b);
    }

    private static void signIn(HttpClient c, String user) throws Exception {
        assertEquals(303, postSignIn(c, user, "Origin", app.url()).statusCode());
    }

    @Test
    void aSignInPostedFromAnotherSiteIsRefusedAndTheVisitorsAccountsAreKept() throws Exception {
        HttpClient victim = client();
        signIn(victim, "alice");

        HttpResponse<String> r = postSignIn(victim, "dave", "Origin", "https://attacker.example",
                "Sec-Fetch-Site", "cross-site");

        assertEquals(403, r.statusCode(), "login CSRF refused");
        assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), "nothing written: " + r.headers().allValues("Set-Cookie"));
        HttpResponse<String> me = send(victim, HttpRequest.newBuilder(URI.create(app.url() + "/api/me")));
        assertTrue(me.body().contains("\"id\":\"alice\""), "still alice, not the attacker's dave: " + me.body());
    }

    @Test
    void aSignInPostWithoutOriginOrFetchMetadataIsRefused() throws Exception {
        assertEquals(403, postSignIn(client(), "alice").statusCode());
    }

    @Test
    void apiMeAnswersForTheChosenAccountFromInjectedBeans() throws Exception {
        HttpClient c = client();
        signIn(c, "alice");
        signIn(c, "bob");
        HttpResponse<String> bob = send(c, HttpRequest.newBuilder(URI.create(app.url() + "/api/me")));
        assertEquals(200, bob.statusCode());
        assertTrue(bob.body().contains("\"id\":\"bob\""), bob.body());
        HttpResponse<String> alice = send(c, HttpRequest.newBuilder(URI.create(app.url() + "/api/me?authuser=0")));
        assertTrue(alice.body().contains("\"id\":\"alice\""), alice.body());
        assertTrue(alice.body().contains("\"index\":0"), alice.body());
    }

    @Test
    void apiMeIsUnauthorizedWhenSignedOut() throws Exception {
        HttpResponse<String> r = send(client(), HttpRequest.newBuilder(URI.create(app.url() + "/api/me")));
        assertEquals(401, r.statusCode());
    }

    @Test
    void signInPageListsTheDemoAccounts() throws Exception {
        HttpResponse<String> r = send(client(), HttpRequest.newBuilder(URI.create(app.url() + "/sign-in")));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("alice123") && r.body().contains("Demo accounts"));
    }
}
