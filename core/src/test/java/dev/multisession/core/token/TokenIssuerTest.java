package dev.multisession.core.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies how the issuer mints session tokens (docs/how-it-works.md: "Session token"): a compact JWS with {@code typ: JWT}
 * and the active {@code kid}, the documented claims and nothing else, a lifetime of
 * {@code multisession.token.lifetime} capped by the session's own expiry, a 3 KB ceiling, and the
 * four supported algorithms. The minted claims are exactly what a verifier reads back.
 */
class TokenIssuerTest {
    private static final String ISSUER = "https://app.example";
    private static SigningKeys rsaKeys;

    private MutableClock clock;
    private MultiSessionConfig config;
    private TokenIssuer issuer;

    @BeforeAll
    static void generateKeys() {
        rsaKeys = SigningKeys.generate(JWSAlgorithm.RS256);
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        config = MultiSessionConfig.builder().issuer(ISSUER).clock(clock).build();
        issuer = new TokenIssuer(config, rsaKeys);
    }

    @Test
    void writesAJwsHeaderWithTypJwtAndTheActiveKid() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.mint(session(User.of("user_42")).build(), Optional.empty()).value());

        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        assertEquals(rsaKeys.activeKid(), jwt.getHeader().getKeyID());
    }

    @Test
    void carriesEveryClaimOfTheDesignAndNoOther() throws Exception {
        Instant now = clock.instant();
        Organization acme = Organization.builder("org_1", "acme").name("Acme Inc.").role("org:admin")
                .permissions(new LinkedHashSet<>(List.of("org:invoices:read", "org:invoices:write"))).build();
        Session session = session(User.builder("user_42").name("Alice Doe").email("alice@example.com")
                .imageUrl("https://img.example/a.png").username("alice").attributes(Map.of("plan", "pro")).build())
                .index(3).activeOrganization(acme).actor(new Actor("admin_7", "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3T")).build();

        JWTClaimsSet claims = SignedJWT.parse(issuer.mint(session, Optional.of("https://app.example")).value()).getJWTClaimsSet();

        assertEquals(Set.of("iss", "sub", "sid", "cid", "idx", "azp", "iat", "nbf", "exp", "org_id", "org_slug", "org_role",
                "org_permissions", "act", "name", "email", "picture", "preferred_username"), claims.getClaims().keySet());
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals("user_42", claims.getSubject());
        assertEquals(session.id(), claims.getStringClaim("sid"));
        assertEquals(session.clientId(), claims.getStringClaim("cid"));
        assertEquals(3L, claims.getLongClaim("idx"));
        assertEquals("https://app.example", claims.getStringClaim("azp"));
        assertEquals(Date.from(now), claims.getIssueTime());
        assertEquals(Date.from(now), claims.getNotBeforeTime());
        assertEquals("org_1", claims.getStringClaim("org_id"));
        assertEquals("acme", claims.getStringClaim("org_slug"));
        assertEquals("org:admin", claims.getStringClaim("org_role"));
        assertEquals(List.of("org:invoices:read", "org:invoices:write"), claims.getStringListClaim("org_permissions"));
        assertEquals(Map.of("sub", "admin_7", "sid", "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3T"), claims.getJSONObjectClaim("act"));
        assertEquals("Alice Doe", claims.getStringClaim("name"));
        assertEquals("alice@example.com", claims.getStringClaim("email"));
        assertEquals("https://img.example/a.png", claims.getStringClaim("picture"));
        assertEquals("alice", claims.getStringClaim("preferred_username"));
    }

    @Test
    void leavesOutOrganizationActorProfileAndAzpWhenThereAreNone() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.mint(session(User.of("user_42")).build(), Optional.empty()).value())
                .getJWTClaimsSet();

        assertEquals(Set.of("iss", "sub", "sid", "cid", "idx", "iat", "nbf", "exp"), claims.getClaims().keySet());
    }

    @Test
    void expiresOneTokenLifetimeAfterNow() throws Exception {
        MultiSessionConfig thirtySeconds = MultiSessionConfig.builder().issuer(ISSUER).clock(clock)
                .tokenLifetime(Duration.ofSeconds(30)).refreshWindow(Duration.ofSeconds(5)).build();
        TokenIssuer.MintedToken token = new TokenIssuer(thirtySeconds, rsaKeys).mint(session(User.of("u")).build(), Optional.empty());

        assertEquals(clock.instant().plusSeconds(30), token.expiresAt());
        assertEquals(Date.from(clock.instant().plusSeconds(30)), SignedJWT.parse(token.value()).getJWTClaimsSet().getExpirationTime());
    }

    @Test
    void neverExpiresAfterTheSession() throws Exception {
        Instant sessionEnd = clock.instant().plusSeconds(20);
        Session ending = session(User.of("u")).expiresAt(sessionEnd).build();

        TokenIssuer.MintedToken token = issuer.mint(ending, Optional.empty());

        assertEquals(sessionEnd, token.expiresAt());
        assertEquals(Date.from(sessionEnd), SignedJWT.parse(token.value()).getJWTClaimsSet().getExpirationTime());
    }

    @Test
    void truncatesTimesToWholeSecondsWithoutOutlivingTheSession() {
        clock.advance(Duration.ofMillis(700));
        Instant sessionEnd = clock.instant().plusSeconds(20); // ends at .700
        TokenIssuer.MintedToken token = issuer.mint(session(User.of("u")).expiresAt(sessionEnd).build(), Optional.empty());

        assertEquals(0, token.claims().issuedAt().getNano());
        assertEquals(0, token.expiresAt().getNano());
        assertFalse(token.expiresAt().isAfter(sessionEnd));
    }

    @Test
    void mintedClaimsAreExactlyWhatVerificationReadsBack() {
        Organization acme = Organization.builder("org_1", "acme").name("Acme Inc.").role("org:admin")
                .permissions(Set.of("org:invoices:read")).build();
        Session session = session(User.builder("user_42").name("Alice").attributes(Map.of("plan", "pro")).build())
                .activeOrganization(acme).build();
        TokenIssuer.MintedToken token = issuer.mint(session, Optional.of("https://app.example"));

        Verification verified = new StrictTokenVerifier(config, VerificationKeys.own(rsaKeys)).verify(token.value());

        assertEquals(new Verification.Valid(token.claims()), verified);
    }

    @Test
    void refusesToMintATokenOver3Kb() {
        Set<String> permissions = IntStream.range(0, 300).mapToObj(i -> "org:resource-" + i + ":read")
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Organization big = Organization.builder("org_1", "acme").role("org:admin").permissions(permissions).build();
        Session session = session(User.of("user_42")).activeOrganization(big).build();

        TokenTooLargeException e = assertThrows(TokenTooLargeException.class, () -> issuer.mint(session, Optional.empty()));
        assertTrue(e.getMessage().contains("3072"), e.getMessage());
    }

    @Test
    void mintsATokenJustUnder3Kb() {
        // the limit is on the token itself, not on some lower estimate: grow the name to land within 30 bytes of 3 KB
        int base = issuer.mint(session(User.builder("u").name("n").build()).build(), Optional.empty()).value().length();
        String name = "n".repeat(1 + (MultiSessionConfig.MAX_MINTED_TOKEN_BYTES - 30 - base) * 3 / 4);
        TokenIssuer.MintedToken token = issuer.mint(session(User.builder("u").name(name).build()).build(), Optional.empty());

        assertTrue(token.value().length() > MultiSessionConfig.MAX_MINTED_TOKEN_BYTES - 35
                && token.value().length() <= MultiSessionConfig.MAX_MINTED_TOKEN_BYTES, "length " + token.value().length());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA"})
    void mintsTokensThatVerifyWith(String algorithmName) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(algorithmName);
        MultiSessionConfig withAlgorithm = MultiSessionConfig.builder().issuer(ISSUER).clock(clock).algorithm(algorithm).build();
        SigningKeys keys = SigningKeys.generate(algorithm);
        TokenIssuer.MintedToken token = new TokenIssuer(withAlgorithm, keys).mint(session(User.of("user_42")).build(), Optional.empty());

        Verification verified = new StrictTokenVerifier(withAlgorithm, VerificationKeys.own(keys)).verify(token.value());

        assertEquals(algorithm, SignedJWT.parse(token.value()).getHeader().getAlgorithm());
        assertEquals("user_42", assertInstanceOf(Verification.Valid.class, verified).claims().userId());
    }

    @Test
    void mintedTokenToStringDoesNotPrintTheToken() {
        TokenIssuer.MintedToken token = issuer.mint(session(User.of("user_42")).build(), Optional.empty());

        assertFalse(token.toString().contains(token.value()));
        assertFalse(token.toString().contains(Forge.part(token.value(), 2)));
    }

    private Session.Builder session(User user) {
        Instant now = clock.instant();
        return Session.builder().id(Ids.newSessionId(clock)).clientId(Ids.newClientId(clock)).index(0).user(user)
                .createdAt(now).expiresAt(now.plus(Duration.ofDays(7)));
    }
}
