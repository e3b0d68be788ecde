package dev.multisession.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A validated {@code redirect_url} as a path within the app ({@link Endpoints#withinApplication}),
 * to which the endpoints' answer adds the context path once: the form the browser sees (context
 * path included, what the filter and {@code Accounts.link} write) loses it, the form within the
 * app stays, and so does anything at the server root or an absolute URL.
 */
class RedirectTargetTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "/plainwar, /plainwar/inbox?x=1,      /inbox?x=1",
        "/plainwar, /plainwar,                /",
        "/plainwar, /plainwar?x=1,            /?x=1",
        "/plainwar, /plainwar#top,            /#top",
        "/plainwar, /plainwar/,               /",
        "/plainwar, /inbox,                   /inbox",
        "/plainwar, /plainwarx/inbox,         /plainwarx/inbox",
        "/plainwar, /plainwar/plainwar/x,     /plainwar/x",
        "/plainwar, https://ok.example/x,     https://ok.example/x",
        "'',        /inbox,                   /inbox",
        "'',        /plainwar/inbox,          /plainwar/inbox"
    })
    void redirectUrlBecomesAPathWithinTheApp(String contextPath, String target, String expected) {
        assertEquals(expected, Endpoints.withinApplication(contextPath, target));
    }
}
