package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;
import dev.multisession.core.organization.OrganizationDirectory;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which organization a new session starts on: the one the app names; else the user's only
 * organization when the directory lists exactly one; else the personal account. A directory
 * that fails never fails the sign-in.
 */
class SignInOrganizationTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);
    private static final Organization ACME = Organization.builder("org_acme", "acme").name("Acme").role("org:member").build();
    private static final Organization GLOBEX = Organization.builder("org_globex", "globex").name("Globex").role("org:admin").build();
    private static final Map<String, List<Organization>> MEMBERSHIPS = Map.of(
            "one", List.of(ACME), "two", List.of(ACME, GLOBEX), "none", List.of());

    private static MultiSession engine(MultiSessionConfig.Builder config, OrganizationDirectory directory) {
        MultiSessionConfig c = config.clock(MutableClock.atFixedStart()).build();
        MultiSession.Builder b = MultiSession.builder(c).signingKeys(KEYS).sessionStore(new InMemorySessionStore(c));
        return (directory == null ? b : b.organizationDirectory(directory)).build();
    }

    private static Optional<String> startsOn(MultiSession engine, String userId, Optional<Organization> named) {
        SignInResult r = engine.signIn(new CookieJar(false).request("/login").method("POST").build(), User.of(userId), named);
        assertEquals(r.session().activeOrganization().map(Organization::slug), r.claims().organization().map(Organization::slug),
                "the token says what the store holds");
        return r.claims().organization().map(Organization::slug);
    }

    private static final OrganizationDirectory DIRECTORY = userId -> MEMBERSHIPS.getOrDefault(userId, List.of());

    @Test
    void aUserWithOneOrganizationStartsOnIt() {
        assertEquals(Optional.of("acme"), startsOn(engine(MultiSessionConfig.builder(), DIRECTORY), "one", Optional.empty()));
    }

    @Test
    void aUserWithSeveralOrganizationsStartsOnThePersonalAccount() {
        assertEquals(Optional.empty(), startsOn(engine(MultiSessionConfig.builder(), DIRECTORY), "two", Optional.empty()));
    }

    @Test
    void aUserWithNoOrganizationStartsOnThePersonalAccount() {
        assertEquals(Optional.empty(), startsOn(engine(MultiSessionConfig.builder(), DIRECTORY), "none", Optional.empty()));
    }

    @Test
    void theOrganizationTheAppNamesWins() {
        assertEquals(Optional.of("globex"), startsOn(engine(MultiSessionConfig.builder(), DIRECTORY), "one", Optional.of(GLOBEX)));
    }

    @Test
    void turnedOffEveryUnnamedSignInStartsOnThePersonalAccount() {
        MultiSession engine = engine(MultiSessionConfig.builder().startOnOnlyMembership(false), DIRECTORY);
        assertEquals(Optional.empty(), startsOn(engine, "one", Optional.empty()));
    }

    @Test
    void withoutADirectoryTheSignInStartsOnThePersonalAccount() {
        assertEquals(Optional.empty(), startsOn(engine(MultiSessionConfig.builder(), null), "one", Optional.empty()));
    }

    @Test
    void aFailingDirectoryStartsThePersonalAccountAndNeverFailsTheSignIn() {
        OrganizationDirectory failing = userId -> {
            throw new IllegalStateException("directory down");
        };
        assertEquals(Optional.empty(), startsOn(engine(MultiSessionConfig.builder(), failing), "one", Optional.empty()));
    }

    @Test
    void theKeyIsReadFromConfiguration() {
        MultiSessionConfig config = MultiSessionConfig.builder()
                .set("multisession.organizations.start-on-only-membership", "false").build();
        assertEquals(false, config.startOnOnlyMembership());
        assertEquals(true, MultiSessionConfig.builder().build().startOnOnlyMembership());
    }
}
