package dev.multisession.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Mints the session token of docs/how-it-works.md: "Session token" for a session: a compact JWS signed with the active
 * key, header {@code typ: JWT} and {@code kid}, lifetime {@code multisession.token.lifetime}
 * (never past the session's own expiry). Refuses tokens over 3 KB. A pending session's token
 * adds {@code "sts": "pending"} and {@code "tsk": "<current task>"}; an active one carries neither.
 *
 * <pre>{@code
 * TokenIssuer issuer = new TokenIssuer(config, SigningKeys.load(config));
 * MintedToken token = issuer.mint(session, Optional.of("https://app.example"));
 * }</pre>
 */
public final class TokenIssuer {
    /** Present only on a pending session's token, with the value {@value #PENDING} (Clerk's name and value). */
    static final String STATUS_CLAIM = "sts";
    static final String PENDING = "pending";

    /**
     * The {@code typ} of a pending session's token. A verifier that predates session tasks accepts
     * only {@code JWT} (or none), so it refuses these tokens instead of reading a pending session
     * as signed in: a rolling upgrade fails closed.
     */
    public static final JOSEObjectType PENDING_TYPE = new JOSEObjectType("pending+jwt");
    /** The pending session's current task key; present exactly when {@value #STATUS_CLAIM} is. */
    static final String TASK_CLAIM = "tsk";

    private final SigningKeys keys;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    public TokenIssuer(MultiSessionConfig config, SigningKeys keys) {
        this.keys = keys;
        this.issuer = config.issuer();
        this.lifetime = config.tokenLifetime();
        this.clock = config.clock();
    }

    /** A freshly minted token for {@code session}; {@code authorizedParty} becomes {@code azp}. */
    public MintedToken mint(Session session, Optional<String> authorizedParty) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant exp = now.plus(lifetime);
        if (exp.isAfter(session.expiresAt())) {
            exp = session.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(session.userId())
                .claim("sid", session.id())
                .claim("cid", session.clientId())
                .claim("idx", session.index())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(exp));
        authorizedParty.ifPresent(azp -> claims.claim("azp", azp));
        session.activeOrganization().ifPresent(org -> organizationClaims(claims, org));
        Optional<String> task = session.isPending() ? session.currentTask() : Optional.empty();
        task.ifPresent(t -> claims.claim(STATUS_CLAIM, PENDING).claim(TASK_CLAIM, t));
        session.actor().ifPresent(actor -> {
            Map<String, Object> act = new LinkedHashMap<>();
            act.put("sub", actor.userId());
            if (actor.sessionId() != null) {
                act.put("sid", actor.sessionId());
            }
            claims.claim("act", act);
        });
        profileClaims(claims, session.user());
        JWSHeader header = new JWSHeader.Builder(keys.algorithm()).type(task.isPresent() ? PENDING_TYPE : JOSEObjectType.JWT)
                .keyID(keys.activeKid()).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("multisession: signing a session token failed with the active key (kid "
                    + keys.activeKid() + ")", e);
        }
        String compact = jwt.serialize();
        int size = compact.getBytes(StandardCharsets.US_ASCII).length;
        if (size > MultiSessionConfig.MAX_MINTED_TOKEN_BYTES) {
            throw new TokenTooLargeException(size, MultiSessionConfig.MAX_MINTED_TOKEN_BYTES);
        }
        // Exactly what a verifier reads back from this token (a remembered token and one verified on
        // another node must look the same): the profile claims only, and an organization named by its slug.
        SessionClaims minted = new SessionClaims(issuer, asCarried(session.user()), session.id(), session.clientId(),
                session.index(), authorizedParty, now, Optional.of(now), exp,
                session.activeOrganization().map(TokenIssuer::asCarried), session.actor(), task, Optional.empty());
        return new MintedToken(compact, minted);
    }

    private static User asCarried(User user) {
        return User.builder(user.id())
                .name(user.name().orElse(null))
                .email(user.email().orElse(null))
                .imageUrl(user.imageUrl().orElse(null))
                .username(user.username().orElse(null))
                .build();
    }

    private static Organization asCarried(Organization org) {
        return Organization.builder(org.id(), org.slug()).role(org.role()).permissions(org.permissions()).build();
    }

    private static void organizationClaims(JWTClaimsSet.Builder claims, Organization org) {
        claims.claim("org_id", org.id())
                .claim("org_slug", org.slug())
                .claim("org_role", org.role())
                .claim("org_permissions", new ArrayList<>(org.permissions()));
    }

    private static void profileClaims(JWTClaimsSet.Builder claims, User user) {
        user.name().ifPresent(v -> claims.claim("name", v));
        user.email().ifPresent(v -> claims.claim("email", v));
        user.imageUrl().ifPresent(v -> claims.claim("picture", v));
        user.username().ifPresent(v -> claims.claim("preferred_username", v));
    }

    /** A minted token with the claims it carries. {@link #toString()} never prints the token. */
    public record MintedToken(String value, SessionClaims claims) {
        public String sessionId() {
            return claims.sessionId();
        }

        public Instant expiresAt() {
            return claims.expiresAt();
        }

        @Override
        public String toString() {
            return "MintedToken[session=" + claims.sessionId() + ", expiresAt=" + claims.expiresAt() + "]";
        }
    }
}
