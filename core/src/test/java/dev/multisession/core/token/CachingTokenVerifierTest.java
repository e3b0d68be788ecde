package dev.multisession.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the verified-token cache (docs/how-it-works.md: "Session token", "verify once per node"): a valid token costs one
 * signature check, later calls are served from the cache until {@code exp} plus skew, after which
 * the token is reported expired; rejected and expired tokens are never cached; a token the node
 * minted itself can be remembered so its first use costs nothing. Time is a controlled clock.
 */
class CachingTokenVerifierTest {
    private static SigningKeys keys;

    private MutableClock clock;
    private MultiSessionConfig config;
    private AtomicInteger signatureChecks;
    private CachingTokenVerifier cache;

    @BeforeAll
    static void generateKeys() {
        keys = SigningKeys.generate(JWSAlgorithm.RS256);
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        config = MultiSessionConfig.builder().issuer(Forge.ISSUER).clock(clock).build();
        cache = new CachingTokenVerifier(countingStrictVerifier(), config);
    }

    @Test
    void checksAValidTokenOnceAndServesTheSecondCallFromTheCache() {
        String token = Forge.valid(keys, clock);

        Verification first = cache.verify(token);
        Verification second = cache.verify(token);

        assertInstanceOf(Verification.Valid.class, first);
        assertEquals(first, second);
        assertEquals(1, signatureChecks.get());
        assertEquals(1, cache.size());
    }

    @Test
    void staysValidFromTheCacheUntilJustBeforeExpPlusSkew() {
        String token = Forge.valid(keys, clock);
        cache.verify(token);
        clock.advance(Duration.ofSeconds(60).plus(config.clockSkew()).minusMillis(1));

        assertInstanceOf(Verification.Valid.class, cache.verify(token));
        assertEquals(1, signatureChecks.get());
    }

    @Test
    void turnsACachedTokenIntoExpiredAtExpPlusSkew() {
        String token = Forge.valid(keys, clock);
        SessionClaims claims = cache.verify(token).validClaims().orElseThrow();
        clock.advance(Duration.ofSeconds(60).plus(config.clockSkew()));

        assertEquals(new Verification.Expired(claims), cache.verify(token));
    }

    @Test
    void dropsATokenFromTheCacheOnceItHasExpired() {
        String token = Forge.valid(keys, clock);
        cache.verify(token);
        clock.advance(Duration.ofMinutes(5));

        assertEquals(0, cache.size());
    }

    @Test
    void doesNotCacheARejectedToken() {
        String forged = Forge.valid(SigningKeys.generate(JWSAlgorithm.RS256), clock);

        assertInstanceOf(Verification.Rejected.class, cache.verify(forged));
        assertInstanceOf(Verification.Rejected.class, cache.verify(forged));
        assertEquals(2, signatureChecks.get());
        assertEquals(0, cache.size());
    }

    @Test
    void doesNotCacheAnAlreadyExpiredToken() {
        String token = Forge.valid(keys, clock);
        clock.advance(Duration.ofMinutes(5));

        assertInstanceOf(Verification.Expired.class, cache.verify(token));
        assertInstanceOf(Verification.Expired.class, cache.verify(token));
        assertEquals(2, signatureChecks.get());
    }

    @Test
    void remembersAMintedTokenSoItsFirstUseCostsNoSignatureCheck() {
        Instant now = clock.instant();
        Session session = Session.builder().id(Ids.newSessionId(clock)).clientId(Ids.newClientId(clock))
                .user(User.of("user_42")).createdAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
        TokenIssuer.MintedToken minted = new TokenIssuer(config, keys).mint(session, Optional.empty());

        cache.remember(minted.value(), minted.claims());

        assertEquals(new Verification.Valid(minted.claims()), cache.verify(minted.value()));
        assertEquals(0, signatureChecks.get());
    }

    @Test
    void rememberedTokenExpiresLikeAVerifiedOne() {
        Instant now = clock.instant();
        Session session = Session.builder().id(Ids.newSessionId(clock)).clientId(Ids.newClientId(clock))
                .user(User.of("user_42")).createdAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
        TokenIssuer.MintedToken minted = new TokenIssuer(config, keys).mint(session, Optional.empty());
        cache.remember(minted.value(), minted.claims());
        clock.advance(Duration.ofMinutes(5));

        assertInstanceOf(Verification.Expired.class, cache.verify(minted.value()));
    }

    @Test
    void servesACachedTokenOnlyForTheExactSameString() {
        String token = Forge.valid(keys, clock);
        cache.verify(token);
        // same signature (so the same cache key), another payload: must be verified, and fail
        String[] parts = token.split("\\.");
        String otherPayload = Forge.sign(Forge.header(keys).build(), Forge.validClaims(clock).jwtID("other").build(), keys.signer()).split("\\.")[1];
        String spliced = parts[0] + "." + otherPayload + "." + parts[2];

        assertInstanceOf(Verification.Rejected.class, cache.verify(spliced));
        assertFalse(cache.isCached(spliced));
        assertEquals(2, signatureChecks.get());
    }

    @Test
    void tellsWhetherATokenIsCached() {
        String token = Forge.valid(keys, clock);
        assertFalse(cache.isCached(token));

        cache.verify(token);

        assertTrue(cache.isCached(new String(token.toCharArray())));
        assertFalse(cache.isCached(null));
    }

    @Test
    void answersNullAsMalformedWithoutAskingTheDelegate() {
        assertEquals(new Verification.Rejected(RejectionReason.MALFORMED), cache.verify(null));
        assertEquals(0, signatureChecks.get());
    }

    @Test
    void holdsNoMoreTokensThanConfigured() {
        MultiSessionConfig small = MultiSessionConfig.builder().issuer(Forge.ISSUER).clock(clock).verifiedTokenCacheSize(3).build();
        CachingTokenVerifier bounded = new CachingTokenVerifier(countingStrictVerifier(), small);
        for (int i = 0; i < 20; i++) {
            String token = Forge.sign(Forge.header(keys).build(), Forge.validClaims(clock).jwtID("t" + i).build(), keys.signer());
            assertInstanceOf(Verification.Valid.class, bounded.verify(token));
        }

        assertTrue(bounded.size() <= 3, "size " + bounded.size());
    }

    @Test
    void passesTheDelegatesRejectionThroughUnchanged() {
        Verification rejected = new Verification.Rejected(RejectionReason.KEYS_UNAVAILABLE);
        CachingTokenVerifier overFailingKeys = new CachingTokenVerifier(token -> rejected, config);

        assertSame(rejected, overFailingKeys.verify(Forge.valid(keys, clock)));
    }

    @Test
    void tokensOfDifferentPeopleInOneOrganizationShareItsMembershipIssuerAndOrigin() {
        TokenIssuer issuer = new TokenIssuer(config, keys);
        Organization acme = Organization.builder("org_1", "acme").role("org:member")
                .permissions(new LinkedHashSet<>(List.of("org:invoices:read", "org:invoices:write"))).build();
        String alice = issuer.mint(session("user_alice", acme), Optional.of("https://app.example")).value();
        String bob = issuer.mint(session("user_bob", acme), Optional.of("https://app.example")).value();

        SessionClaims a = cache.verify(alice).validClaims().orElseThrow();
        SessionClaims b = cache.verify(bob).validClaims().orElseThrow();

        assertSame(a.organization().orElseThrow(), b.organization().orElseThrow());
        assertSame(a.issuer(), b.issuer());
        assertSame(a.authorizedParty(), b.authorizedParty());
    }

    @Test
    void sharedClaimsReadExactlyAsTheTokenSays() {
        TokenIssuer issuer = new TokenIssuer(config, keys);
        Organization acme = Organization.builder("org_1", "acme").role("org:admin")
                .permissions(new LinkedHashSet<>(List.of("org:invoices:write", "org:invoices:read"))).build();
        cache.verify(issuer.mint(session("user_bob", acme), Optional.of("https://app.example")).value());
        String token = issuer.mint(session("user_alice", acme), Optional.of("https://app.example")).value();
        SessionClaims unshared = new StrictTokenVerifier(config, VerificationKeys.own(keys)).verify(token).validClaims().orElseThrow();

        SessionClaims cached = cache.verify(token).validClaims().orElseThrow();

        assertEquals(unshared, cached);
        assertEquals(List.of("org:invoices:write", "org:invoices:read"), List.copyOf(cached.organization().orElseThrow().permissions()));
        assertEquals(unshared.user().name(), cached.user().name());
        assertSame(cached, cache.verify(token).validClaims().orElseThrow(), "what verify answered is what the cache keeps");
    }

    @Test
    void permissionsInAnotherOrderAreNotSharedSoEachTokenKeepsItsOrder() {
        TokenIssuer issuer = new TokenIssuer(config, keys);
        Organization readFirst = Organization.builder("org_1", "acme")
                .permissions(new LinkedHashSet<>(List.of("org:invoices:read", "org:invoices:write"))).build();
        Organization writeFirst = Organization.builder("org_1", "acme")
                .permissions(new LinkedHashSet<>(List.of("org:invoices:write", "org:invoices:read"))).build();
        cache.verify(issuer.mint(session("user_alice", readFirst), Optional.empty()).value());

        SessionClaims b = cache.verify(issuer.mint(session("user_bob", writeFirst), Optional.empty()).value()).validClaims().orElseThrow();

        assertEquals(List.of("org:invoices:write", "org:invoices:read"), List.copyOf(b.organization().orElseThrow().permissions()));
    }

    @Test
    void aRefreshedTokenOfTheSamePersonSharesTheUserAndClient() {
        TokenIssuer issuer = new TokenIssuer(config, keys);
        Session s = session("user_alice", null);
        SessionClaims before = cache.verify(issuer.mint(s, Optional.empty()).value()).validClaims().orElseThrow();
        clock.advance(Duration.ofSeconds(45));
        TokenIssuer.MintedToken refreshed = issuer.mint(s, Optional.empty());
        cache.remember(refreshed.value(), refreshed.claims());

        SessionClaims after = cache.verify(refreshed.value()).validClaims().orElseThrow();

        assertSame(before.user(), after.user());
        assertSame(before.clientId(), after.clientId());
        assertEquals(refreshed.claims(), after);
    }

    @Test
    void anOrganizationOfAnotherImplementationIsKeptAsItIs() {
        Organization own = new Organization() {
            public String id() { return "org_1"; }
            public String slug() { return "acme"; }
            public String name() { return "acme"; }
            public String role() { return "org:member"; }
            public Set<String> permissions() { return Set.of(); }
        };
        SessionClaims claims = new SessionClaims(Forge.ISSUER, User.of("user_42"), Forge.SESSION_ID, Forge.CLIENT_ID, 0,
                Optional.empty(), clock.instant(), Optional.empty(), clock.instant().plusSeconds(60), Optional.of(own), Optional.empty());
        String token = Forge.valid(keys, clock);

        cache.remember(token, claims);

        assertSame(own, cache.verify(token).validClaims().orElseThrow().organization().orElseThrow());
    }

    @Test
    void aRejectedTokensValuesNeverJoinTheSharedValues() {
        Organization acme = Organization.builder("org_1", "acme").build();
        String forged = new TokenIssuer(config, SigningKeys.generate(JWSAlgorithm.RS256))
                .mint(session("user_mallory", acme), Optional.of("https://evil.example")).value();

        assertInstanceOf(Verification.Rejected.class, cache.verify(forged));
        assertEquals(0, cache.sharedValuesHeld());
    }

    @Test
    void aFloodOfUniqueClaimsNeverGrowsTheSharedValuesPastTheirBound() {
        String prefix = Forge.valid(keys, clock).substring(0, 40);
        for (int i = 0; i < 20_000; i++) {
            Organization unique = Organization.builder("org_" + i, "slug-" + i).role("org:role-" + i)
                    .permissions(Set.of("org:p:" + i)).build();
            SessionClaims claims = new SessionClaims("https://issuer-" + i, User.builder("user_" + i).name("n" + i).build(),
                    Forge.SESSION_ID, "client_" + i, 0, Optional.of("https://azp-" + i), clock.instant().plusMillis(i),
                    Optional.of(clock.instant().minusMillis(i)), clock.instant().plusSeconds(60).plusMillis(i), Optional.of(unique),
                    Optional.empty());
            cache.remember(prefix + i, claims);
        }

        assertTrue(cache.sharedValuesHeld() <= cache.sharedValuesCapacity(),
                cache.sharedValuesHeld() + " held, " + cache.sharedValuesCapacity() + " slots");
        assertTrue(cache.sharedValuesCapacity() <= 2 * (config.verifiedTokenCacheSize() / 16 + config.verifiedTokenCacheSize() / 4));
    }

    private Session session(String userId, Organization org) {
        Instant now = clock.instant();
        return Session.builder().id(Ids.newSessionId(clock)).clientId(Forge.CLIENT_ID)
                .user(User.builder(userId).name("Name of " + userId).email(userId + "@example.com").build())
                .createdAt(now).expiresAt(now.plus(Duration.ofDays(1))).activeOrganization(org).build();
    }

    private TokenVerifier countingStrictVerifier() {
        signatureChecks = new AtomicInteger();
        StrictTokenVerifier strict = new StrictTokenVerifier(config, VerificationKeys.own(keys));
        return token -> {
            signatureChecks.incrementAndGet();
            return strict.verify(token);
        };
    }
}
