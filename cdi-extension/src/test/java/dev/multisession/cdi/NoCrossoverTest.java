package dev.multisession.cdi;

import dev.multisession.cdi.testing.Browser;
import dev.multisession.cdi.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 2 × 1,000 concurrent requests for two accounts through one {@code @ApplicationScoped} bean
 * whose {@code User} and {@code Session} are request-scoped proxies: every answer names its own
 * request's account, never the other one.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NoCrossoverTest {
    private static final int PER_ACCOUNT = 1_000;
    private static final int IN_FLIGHT = 48;

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.war("crossover");
    }

    @ArquillianResource
    URL base;

    @Test
    void twoAccountsInOneBrowserChosenByAuthuserNeverCross() throws Exception {
        Browser browser = new Browser(base);
        browser.signIn("alice", null);
        browser.signIn("bob", null);
        List<String> wrong = hammer(browser, "/who/consistent?authuser=0", "alice", browser, "/who/consistent?authuser=1", "bob");
        assertEquals(List.of(), wrong);
    }

    @Test
    void twoBrowsersWithTheirOwnCookiesNeverCross() throws Exception {
        Browser alice = new Browser(base);
        Browser bob = new Browser(base);
        alice.signIn("alice", null);
        bob.signIn("bob", null);
        List<String> wrong = hammer(alice, "/who/consistent", "alice", bob, "/who/consistent", "bob");
        assertEquals(List.of(), wrong);
    }

    /** Interleaves the two accounts' requests, {@value #IN_FLIGHT} at a time; returns every wrong answer. */
    private static List<String> hammer(Browser first, String firstPath, String firstUser,
                                       Browser second, String secondPath, String secondUser) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < PER_ACCOUNT * 2; i++) {
            boolean isFirst = i % 2 == 0;
            String expected = isFirst ? firstUser : secondUser;
            slots.acquire();
            answers.add((isFirst ? first.getAsync(firstPath) : second.getAsync(secondPath))
                    .whenComplete((r, e) -> slots.release())
                    .thenApply(r -> r.status() == 200 && expected.equals(r.value("user")) && expected.equals(r.value("filter"))
                            ? null : "expected " + expected + ", got " + r.status() + " " + r.values()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        List<String> wrong = new ArrayList<>();
        for (CompletableFuture<String> a : answers) {
            if (a.get() != null) {
                wrong.add(a.get());
            }
        }
        assertEquals(PER_ACCOUNT * 2, answers.size());
        return wrong;
    }
}
