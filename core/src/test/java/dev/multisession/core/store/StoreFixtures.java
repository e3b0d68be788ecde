package dev.multisession.core.store;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores and providers {@link SessionStoresTest} names by class or by provider name; the providers
 * are registered in src/test/resources/META-INF/services. The stores are only created, never used.
 */
public final class StoreFixtures {
    private StoreFixtures() {
    }

    /** A store whose every operation fails: these fixtures test how stores are made, not what they do. */
    public abstract static class UnusedStore implements SessionStore {
        @Override
        public SignInOutcome signIn(NewSession request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RefreshRead readForRefresh(String sessionId, String clientId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mutation change(String sessionId, long expectedVersion, SessionChange change, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Session> revoke(String sessionId, String clientId, SessionStatus status, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Session> revokeClient(String clientId, SessionStatus status, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Session> find(String sessionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Session> listByClient(String clientId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Session> listByUser(String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addRevocationListener(RevocationListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** Named by class; takes the configuration. */
    public static final class ConfiguredStore extends UnusedStore {
        public final MultiSessionConfig config;

        public ConfiguredStore(MultiSessionConfig config) {
            this.config = config;
        }
    }

    /** Named by class; has both constructors, so the configuration-taking one must win. */
    public static final class BothConstructorsStore extends UnusedStore {
        public final MultiSessionConfig config;

        public BothConstructorsStore() {
            this(null);
        }

        public BothConstructorsStore(MultiSessionConfig config) {
            this.config = config;
        }
    }

    /** Named by class; has only a no-argument constructor. */
    public static final class PlainStore extends UnusedStore {
        public PlainStore() {
        }
    }

    /** Has no constructor multisession can call. */
    public static final class NeedsAUrlStore extends UnusedStore {
        public NeedsAUrlStore(String url) {
        }
    }

    /** Its constructor fails (with a message that must not reach the configuration error). */
    public static final class FailingStore extends UnusedStore {
        public FailingStore() {
            throw new IllegalStateException("secret=hunter2");
        }
    }

    /** Its constructor fails about a key of its own. */
    public static final class OwnKeyStore extends UnusedStore {
        public OwnKeyStore(MultiSessionConfig config) {
            throw new ConfigurationException("multisession.fixture.url", "must be set");
        }
    }

    /** Abstract: cannot be created. */
    public abstract static class AbstractStore extends UnusedStore {
    }

    /** Not a store at all. */
    public static final class NotAStore {
        public NotAStore() {
        }
    }

    /** Only package-visible. */
    static final class HiddenStore extends UnusedStore {
        public HiddenStore() {
        }
    }

    /** Made by {@link FixtureProvider}; keeps what the provider was given. */
    public static final class ProvidedStore extends UnusedStore {
        public final StoreContext context;

        ProvidedStore(StoreContext context) {
            this.context = context;
        }
    }

    /** A provider of a given name making a {@link ProvidedStore}; ServiceLoader needs one public class per name. */
    public abstract static class NamedProvider implements SessionStoreProvider {
        private final String name;

        NamedProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public SessionStore create(StoreContext context) {
            return new ProvidedStore(context);
        }
    }

    /** {@code multisession.store=fixture}. */
    public static final class FixtureProvider extends NamedProvider {
        public FixtureProvider() {
            super("fixture");
        }
    }

    /** {@code multisession.store=failing}: the provider throws. */
    public static final class FailingProvider implements SessionStoreProvider {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public SessionStore create(StoreContext context) {
            throw new IllegalStateException("cannot reach redis://:secret@host");
        }
    }

    /** {@code multisession.store=own-key}: refuses a bad value of its own key, naming that key. */
    public static final class OwnKeyProvider implements SessionStoreProvider {
        @Override
        public String name() {
            return "own-key";
        }

        @Override
        public SessionStore create(StoreContext context) {
            context.value("multisession.fixture.url").orElseThrow(() ->
                    new ConfigurationException("multisession.fixture.url", "must be set for the own-key store"));
            return new ProvidedStore(context);
        }
    }

    /** {@code multisession.store=nothing}: makes no store. */
    public static final class NullProvider implements SessionStoreProvider {
        @Override
        public String name() {
            return "nothing";
        }

        @Override
        public SessionStore create(StoreContext context) {
            return null;
        }
    }

    /** One of two providers named {@code twin}. */
    public static final class TwinProvider extends NamedProvider {
        public TwinProvider() {
            super("twin");
        }
    }

    /** The other provider named {@code twin}. */
    public static final class OtherTwinProvider extends NamedProvider {
        public OtherTwinProvider() {
            super("Twin");
        }
    }
}
