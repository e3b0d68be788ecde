package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.StoreUnavailableException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trips per store operation: refresh read, revoke and revoke-all one each; sign-in two (the
 * two LINK scripts in one pipeline, then the SIGN_IN script); change and find two (the session's
 * lookup key, then the script on the browser's slot). Measured on the client's sockets (a round trip = the client reads after having written) and on
 * the server ({@code INFO commandstats}).
 */
class RedisRoundTripTest {
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    private final Clock clock = Clock.systemUTC();
    private CountingSockets sockets;
    private RedisSessionStore store;

    @BeforeEach
    void countingStore() {
        try (Jedis j = redis.client()) {
            j.flushAll();
        }
        RedisSettings settings = redis.settings();
        sockets = new CountingSockets(redis.hostAndPort(), (int) settings.timeout().toMillis());
        store = new RedisSessionStore(settings, MultiSessionConfig.builder().build(), sockets);
        TestSessions.signIn(store, clock, Ids.newClientId(clock), "warm-up");   // a pooled connection, the scripts cached
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aSignInTakesTwoRoundTrips() {
        sockets.measure(Thread.currentThread());

        TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");

        assertEquals(2, sockets.roundTrips.get(), "one pipeline of two LINK scripts, then SIGN_IN");
    }

    /** Round trips of the operation's second run: the first has the server cache its script (NOSCRIPT, then EVAL). */
    private int roundTrips(Runnable operation) {
        operation.run();
        sockets.measure(Thread.currentThread());
        operation.run();
        return sockets.roundTrips.get();
    }

    @Test
    void aRefreshReadTakesOneRoundTrip() {
        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");
        assertEquals(1, roundTrips(() -> store.readForRefresh(s.id(), s.clientId(), clock.instant())));
    }

    @Test
    void aRevokeTakesOneRoundTrip() {
        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");
        assertEquals(1, roundTrips(() -> store.revoke(s.id(), s.clientId(), SessionStatus.ENDED, clock.instant())));
    }

    @Test
    void aSignOutOfEverySessionOfABrowserTakesOneRoundTrip() {
        String client = Ids.newClientId(clock);
        TestSessions.signIn(store, clock, client, "u1");
        TestSessions.signIn(store, clock, client, "u2");
        assertEquals(1, roundTrips(() -> store.revokeClient(client, SessionStatus.ENDED, clock.instant())));
    }

    @Test
    void aChangeTakesTwoRoundTrips() {
        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");
        assertEquals(2, roundTrips(() -> store.change(s.id(), s.version(), SessionChange.organization(Optional.empty()),
                clock.instant())), "the session's lookup key, then the change script");
    }

    @Test
    void aFindTakesTwoRoundTrips() {
        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");
        assertEquals(2, roundTrips(() -> store.find(s.id())));
    }

    @Test
    void listingABrowsersSessionsTakesOneRoundTrip() {
        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");
        assertEquals(1, roundTrips(() -> store.listByClient(s.clientId())));
    }

    @Test
    void aSignInRunsThreeScriptsByTheirDigest() {
        redis.resetStats();

        TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");

        assertEquals(3, redis.calls("evalsha"), "two LINK scripts and one SIGN_IN");
        assertEquals(0, redis.calls("eval"), "the scripts are cached: no source sent");
    }

    @Test
    void aSignInAfterTheServerForgotTheScriptsSendsThemAgain() {
        try (Jedis j = redis.client()) {
            j.scriptFlush();
        }
        redis.resetStats();

        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");

        assertEquals(3, redis.calls("evalsha") - redis.succeeded("evalsha"), "three NOSCRIPT answers");
        assertEquals(3, redis.succeeded("eval"), "the two LINK scripts and SIGN_IN by their source");
        assertEquals(s, store.find(s.id()).orElseThrow());
        redis.resetStats();
        TestSessions.signIn(store, clock, Ids.newClientId(clock), "u2");
        assertEquals(3, redis.succeeded("evalsha"), "cached again");
    }

    @Test
    void anErrorInTheLinkPipelineIsStoreUnavailableAndTheSignInScriptDoesNotRun() {
        String client = Ids.newClientId(clock);
        try (Jedis j = redis.client()) {
            j.set("ms:u:u-wrongtype", "not a set");   // the user LINK's SADD answers WRONGTYPE
        }
        redis.resetStats();
        NewSession request = NewSession.of(TestSessions.draft(clock, client, "u-wrongtype"), 5, AtCapPolicy.REFUSE);

        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.signIn(request));

        assertTrue(e.getMessage().contains("signIn") && e.getMessage().contains("redis.clients.jedis.exceptions."),
                e.getMessage());
        assertFalse(e.getMessage().contains(client) || e.getMessage().contains("u-wrongtype")
                || e.getMessage().contains(request.session().id()), "no key or id: " + e.getMessage());
        assertEquals(2, redis.calls("evalsha"), "the two LINK scripts only");
        assertTrue(store.listByClient(client).isEmpty(), "no session was created");
    }

    /**
     * Jedis's socket factory with sockets that count round trips of one thread: each first read
     * after that thread wrote is one.
     */
    static final class CountingSockets extends DefaultJedisSocketFactory {
        final AtomicInteger roundTrips = new AtomicInteger();
        private final AtomicBoolean wrote = new AtomicBoolean();
        private final HostAndPort server;
        private final int timeoutMillis;
        private volatile Thread measured;

        CountingSockets(HostAndPort server, int timeoutMillis) {
            super(server);
            this.server = server;
            this.timeoutMillis = timeoutMillis;
        }

        /** Counts from zero, and only the I/O of {@code thread} (not the pool's evictor, say). */
        void measure(Thread thread) {
            roundTrips.set(0);
            wrote.set(false);
            measured = thread;
        }

        @Override
        public Socket createSocket() {
            Socket s = new CountingSocket();
            try {
                s.setReuseAddress(true);
                s.setKeepAlive(true);
                s.setTcpNoDelay(true);
                s.setSoLinger(true, 0);
                s.connect(new InetSocketAddress(server.getHost(), server.getPort()), timeoutMillis);
                s.setSoTimeout(timeoutMillis);
                return s;
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a socket that failed to connect
                }
                throw new JedisConnectionException("cannot connect", e);
            }
        }

        private boolean counted() {
            return Thread.currentThread() == measured;
        }

        private final class CountingSocket extends Socket {
            private InputStream input;
            private OutputStream output;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (input == null) {
                    input = new FilterInputStream(super.getInputStream()) {
                        @Override
                        public int read() throws IOException {
                            reading();
                            return super.read();
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            reading();
                            return super.read(b, off, len);
                        }
                    };
                }
                return input;
            }

            @Override
            public synchronized OutputStream getOutputStream() throws IOException {
                if (output == null) {
                    output = new FilterOutputStream(super.getOutputStream()) {
                        @Override
                        public void write(int b) throws IOException {
                            writing();
                            super.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            writing();
                            out.write(b, off, len);            // the socket's own stream, not byte by byte
                        }
                    };
                }
                return output;
            }

            private void writing() {
                if (counted()) {
                    wrote.set(true);
                }
            }

            private void reading() {
                if (counted() && wrote.getAndSet(false)) {
                    roundTrips.incrementAndGet();
                }
            }
        }
    }
}
