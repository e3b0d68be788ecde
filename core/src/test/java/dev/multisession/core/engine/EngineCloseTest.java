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

/**
 * Closing the engine never closes a store it was given (the store it made from the configuration
 * is closed: see the Redis module's deployment test, which undeploys an app).
 */
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
}
