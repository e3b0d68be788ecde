package dev.multisession.core.store;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.store.testing.SessionStoreContract;
import dev.multisession.core.testing.MutableClock;

import java.time.Duration;

/** {@link InMemorySessionStore} passes the store contract kit. */
class InMemorySessionStoreContractTest extends SessionStoreContract {

    @Override
    protected SessionStore newStore(MutableClock clock, Duration touchInterval) {
        return new InMemorySessionStore(MultiSessionConfig.builder().clock(clock).touchInterval(touchInterval).build());
    }
}
