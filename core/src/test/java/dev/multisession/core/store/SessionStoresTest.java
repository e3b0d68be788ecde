package dev.multisession.core.store;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies {@link SessionStores#fromConfig}: {@code multisession.store} names {@code memory}, a
 * {@link SessionStoreProvider} (the fixtures in src/test/resources/META-INF/services) or a class,
 * and every way it can go wrong is a {@link ConfigurationException} naming the key, the value
 * and the fix.
 */
class SessionStoresTest {

    private static MultiSessionConfig store(String value) {
        return MultiSessionConfig.builder().from(ConfigSource.map(Map.of(ConfigKeys.STORE, value))).build();
    }

    private static ConfigurationException fails(String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SessionStores.fromConfig(store(value)));
        assertEquals(ConfigKeys.STORE, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(ConfigKeys.STORE + ": "), e.getMessage());
        return e;
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
    }

    // ------------------------------------------------------------------ memory

    @Test
    void theDefaultIsTheInMemoryStore() {
        assertInstanceOf(InMemorySessionStore.class, SessionStores.fromConfig(MultiSessionConfig.builder().build()));
    }

    @Test
    void memoryIsTheInMemoryStoreWhateverItsCase() {
        assertInstanceOf(InMemorySessionStore.class, SessionStores.fromConfig(store(" Memory ")));
    }

    // ------------------------------------------------------------------ by provider name

    @Test
    void aProviderNameMakesThatProvidersStoreWithTheConfiguration() {
        MultiSessionConfig config = store("fixture");
        StoreFixtures.ProvidedStore made = assertInstanceOf(StoreFixtures.ProvidedStore.class, SessionStores.fromConfig(config));
        assertSame(config, made.context.config());
    }

    @Test
    void aProviderNameIsMatchedIgnoringCase() {
        assertInstanceOf(StoreFixtures.ProvidedStore.class, SessionStores.fromConfig(store("FIXTURE")));
    }

    @Test
    void aProviderReadsKeysOfItsOwnThroughTheContextHighestSourceFirst() {
        MultiSessionConfig config = MultiSessionConfig.builder()
                .from(ConfigSource.map(Map.of(ConfigKeys.STORE, "fixture", "multisession.fixture.url", "redis://first")),
                        ConfigSource.map(Map.of("multisession.fixture.url", "redis://second")))
                .build();
        StoreFixtures.ProvidedStore made = (StoreFixtures.ProvidedStore) SessionStores.fromConfig(config);
        assertEquals(Optional.of("redis://first"), made.context.value("multisession.fixture.url"));
        assertEquals(Optional.empty(), made.context.value("multisession.fixture.other"));
    }

    @Test
    void aProvidersOwnConfigurationErrorIsThrownAsItIs() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SessionStores.fromConfig(store("own-key")));
        assertEquals("multisession.fixture.url", e.key());
    }

    @Test
    void aProviderThatThrowsFailsNamingTheKeyAndTheProviderButNotItsMessage() {
        ConfigurationException e = fails("failing");
        assertContains("'failing'", e.getMessage());
        assertContains(StoreFixtures.FailingProvider.class.getName(), e.getMessage());
        assertContains(IllegalStateException.class.getName(), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void aProviderThatMakesNoStoreFailsNamingTheKey() {
        assertContains("made no store", fails("nothing").getMessage());
    }

    @Test
    void twoProvidersOfTheSameNameFailNamingBoth() {
        ConfigurationException e = fails("twin");
        assertContains(StoreFixtures.TwinProvider.class.getName(), e.getMessage());
        assertContains(StoreFixtures.OtherTwinProvider.class.getName(), e.getMessage());
    }

    // ------------------------------------------------------------------ by class name

    @Test
    void aClassNameWithAConfigurationConstructorIsGivenTheConfiguration() {
        MultiSessionConfig config = store(StoreFixtures.ConfiguredStore.class.getName());
        StoreFixtures.ConfiguredStore made = assertInstanceOf(StoreFixtures.ConfiguredStore.class, SessionStores.fromConfig(config));
        assertSame(config, made.config);
    }

    @Test
    void aClassNameWithOnlyANoArgumentConstructorIsCreatedWithIt() {
        assertInstanceOf(StoreFixtures.PlainStore.class, SessionStores.fromConfig(store(StoreFixtures.PlainStore.class.getName())));
    }

    @Test
    void theConfigurationConstructorIsPreferredOverTheNoArgumentOne() {
        MultiSessionConfig config = store(StoreFixtures.BothConstructorsStore.class.getName());
        assertSame(config, ((StoreFixtures.BothConstructorsStore) SessionStores.fromConfig(config)).config);
    }

    @Test
    void theClassIsLoadedWithTheThreadContextClassLoader() {
        String hidden = StoreFixtures.PlainStore.class.getName();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        ClassLoader blind = new ClassLoader(previous) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(hidden)) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        Thread.currentThread().setContextClassLoader(blind);
        try {
            assertContains("'" + hidden + "'", fails(hidden).getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        assertInstanceOf(StoreFixtures.PlainStore.class, SessionStores.fromConfig(store(hidden)));
    }

    // ------------------------------------------------------------------ failures

    @Test
    void anUnknownNameFailsListingTheAvailableStores() {
        ConfigurationException e = fails("redis");
        assertContains("'redis'", e.getMessage());
        assertContains("memory, failing, fixture, nothing, own-key, twin", e.getMessage());
        assertContains("fully qualified class name of a SessionStore", e.getMessage());
    }

    @Test
    void aClassThatCannotBeFoundFailsLikeAnUnknownName() {
        ConfigurationException e = fails("com.example.MissingStore");
        assertContains("'com.example.MissingStore'", e.getMessage());
        assertContains("memory, failing", e.getMessage());
        assertInstanceOf(ClassNotFoundException.class, e.getCause());
    }

    @Test
    void aClassThatIsNotASessionStoreFails() {
        ConfigurationException e = fails(StoreFixtures.NotAStore.class.getName());
        assertContains("does not implement " + SessionStore.class.getName(), e.getMessage());
    }

    @Test
    void anAbstractStoreClassFails() {
        assertContains("is abstract", fails(StoreFixtures.AbstractStore.class.getName()).getMessage());
    }

    @Test
    void aStoreClassThatIsNotPublicFails() {
        assertContains("is not public", fails(StoreFixtures.HiddenStore.class.getName()).getMessage());
    }

    @Test
    void aStoreClassWithoutASuitableConstructorFails() {
        ConfigurationException e = fails(StoreFixtures.NeedsAUrlStore.class.getName());
        assertContains("no public constructor taking a MultiSessionConfig and no public no-argument constructor", e.getMessage());
    }

    @Test
    void aStoreConstructorThatThrowsFailsNamingTheExceptionButNotItsMessage() {
        ConfigurationException e = fails(StoreFixtures.FailingStore.class.getName());
        assertContains("the constructor of '" + StoreFixtures.FailingStore.class.getName() + "' threw "
                + IllegalStateException.class.getName(), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void aStoreConstructorsOwnConfigurationErrorIsThrownAsItIs() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SessionStores.fromConfig(store(StoreFixtures.OwnKeyStore.class.getName())));
        assertEquals("multisession.fixture.url", e.key());
        assertNull(e.getCause());
    }
}
