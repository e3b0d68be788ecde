package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.SessionStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Closing the engine closes the store it made from the configuration, never one it was given. */
class EngineCloseTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);

    /** A closable store: counts {@code close()}, passes every other call to {@code delegate}. */
    private static SessionStore closable(SessionStore delegate, AtomicInteger closed) {
        return (SessionStore) Proxy.newProxyInstance(EngineCloseTest.class.getClassLoader(),
                new Class<?>[] {SessionStore.class, AutoCloseable.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed.incrementAndGet();
                        return null;
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aStoreGivenToTheBuilderIsItsOwnersToClose() {
        MultiSessionConfig config = MultiSessionConfig.builder().build();
        AtomicInteger closed = new AtomicInteger();
        SessionStore given = closable(new InMemorySessionStore(config), closed);
        MultiSession engine = MultiSession.builder(config).signingKeys(KEYS).sessionStore(given).build();

        engine.close();

        assertEquals(0, closed.get(), "the engine did not close a store it was given");
    }

    /** A store an engine makes from {@code multisession.store=<this class>}: in memory, counting its closes. */
    public static final class CountingClosesStore implements SessionStore, AutoCloseable {
        static final AtomicInteger CLOSED = new AtomicInteger();
        private final SessionStore memory;

        public CountingClosesStore(MultiSessionConfig config) {
            this.memory = new InMemorySessionStore(config);
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }

        @Override
        public dev.multisession.core.store.SignInOutcome signIn(dev.multisession.core.store.NewSession request) {
            return memory.signIn(request);
        }

        @Override
        public dev.multisession.core.store.RefreshRead readForRefresh(String sessionId, String clientId, java.time.Instant now) {
            return memory.readForRefresh(sessionId, clientId, now);
        }

        @Override
        public dev.multisession.core.store.Mutation change(String sessionId, long expectedVersion,
                                                           dev.multisession.core.store.SessionChange change, java.time.Instant now) {
            return memory.change(sessionId, expectedVersion, change, now);
        }

        @Override
        public java.util.Optional<dev.multisession.core.model.Session> revoke(String sessionId, String clientId,
                                                                            dev.multisession.core.model.SessionStatus status,
                                                                            java.time.Instant now) {
            return memory.revoke(sessionId, clientId, status, now);
        }

        @Override
        public java.util.List<dev.multisession.core.model.Session> revokeClient(String clientId,
                                                                              dev.multisession.core.model.SessionStatus status,
                                                                              java.time.Instant now) {
            return memory.revokeClient(clientId, status, now);
        }

        @Override
        public java.util.Optional<dev.multisession.core.model.Session> find(String sessionId) {
            return memory.find(sessionId);
        }

        @Override
        public java.util.List<dev.multisession.core.model.Session> listByClient(String clientId) {
            return memory.listByClient(clientId);
        }

        @Override
        public java.util.List<dev.multisession.core.model.Session> listByUser(String userId) {
            return memory.listByUser(userId);
        }

        @Override
        public void addRevocationListener(dev.multisession.core.store.RevocationListener listener) {
            memory.addRevocationListener(listener);
        }
    }

    @Test
    void theStoreTheEngineMadeFromTheConfigurationIsClosedWithIt() {
        MultiSessionConfig config = MultiSessionConfig.builder()
                .set(dev.multisession.core.config.ConfigKeys.STORE, CountingClosesStore.class.getName()).build();
        MultiSession engine = MultiSession.builder(config).signingKeys(KEYS).build();
        int before = CountingClosesStore.CLOSED.get();

        engine.close();

        assertEquals(before + 1, CountingClosesStore.CLOSED.get(), "closed once, with the engine");
    }
}
