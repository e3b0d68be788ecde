package dev.multisession.core.clerk;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.Verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The claims step of the clerk profile: maps a Clerk session token whose header and signature
 * {@link StrictTokenVerifier} checked to {@link SessionClaims}. Pure: JSON in, a
 * {@link Verification} out, never an exception.
 *
 * <p>Required, else the token is refused: {@code iss} exactly the configured issuer;
 * {@code azp} one of {@code multisession.token.authorized-parties} when that is set (Clerk's own
 * SDKs let a token without {@code azp} through; this profile does not); {@code sub} a non-blank
 * string; {@code sid} {@code sess_} and 1 to 64 ASCII letters or digits; {@code exp} and
 * {@code iat}; {@code nbf}/{@code iat} not beyond the clock skew in the future; no JWT category
 * ({@code cat} header) other than a session token's; {@code act}, when present, an object with a
 * string {@code sub}; {@code sts}, when present, a string.
 *
 * <p>Optional, never a reason to refuse: the organization (v1 {@code org_id}, {@code org_slug},
 * {@code org_role}, {@code org_permissions}; v2 {@code o.id}, {@code o.slg}, {@code o.rol} as
 * {@code org:<rol>}, and {@link ClerkPermissions} from {@code fea}, {@code o.per} and
 * {@code o.fpm}), {@code fva}, the profile claims ({@code name}, {@code email}, {@code picture},
 * {@code preferred_username}). A part of the wrong JSON type reads as absent; an organization
 * without slug or role has the empty string there (and an empty role matches no role).
 *
 * <pre>{@code
 * TokenVerifier verifier = StrictTokenVerifier.forConfig(config, keys);   // with multisession.token.profile=clerk
 * }</pre>
 */
public final class ClerkClaimsReader implements StrictTokenVerifier.ClaimsReader {
    /** Clerk's JWT category of session tokens (and handshake tokens), and the one instances stamp on every class. */
    static final Set<String> SESSION_CATEGORIES = Set.of("cl_B7d4PD111AAA", "cl_I7d4PD111III");
    private static final Pattern SESSION_ID = Pattern.compile("sess_[A-Za-z0-9]{1,64}");

    private final String issuer;
    private final Set<String> authorizedParties;
    private final Duration skew;
    private final Clock clock;

    public ClerkClaimsReader(MultiSessionConfig config) {
        this(config.issuer(), config.authorizedParties(), config.clockSkew(), config.clock());
    }

    ClerkClaimsReader(String issuer, Set<String> authorizedParties, Duration skew, Clock clock) {
        this.issuer = issuer;
        this.authorizedParties = Set.copyOf(authorizedParties);
        this.skew = skew;
        this.clock = clock;
    }

    @Override
    public Verification read(JWSHeader header, JWTClaimsSet claims, Map<String, Object> json) {
        Object cat = header.getCustomParam("cat");
        if (cat != null && !SESSION_CATEGORIES.contains(cat)) {
            return rejected(RejectionReason.WRONG_TYPE); // a JWT template or machine token signed by the same key
        }
        if (!(json.get("iss") instanceof String iss) || !issuer.equals(iss)) {
            return rejected(RejectionReason.WRONG_ISSUER);
        }
        Optional<String> azp = string(json, "azp");
        if (!authorizedParties.isEmpty() && (azp.isEmpty() || !authorizedParties.contains(azp.get()))) {
            return rejected(RejectionReason.UNAUTHORIZED_PARTY);
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        Optional<String> sub = string(json, "sub").filter(s -> !s.isBlank());
        Optional<String> sid = string(json, "sid").filter(s -> SESSION_ID.matcher(s).matches());
        if (exp == null || iat == null || sub.isEmpty() || sid.isEmpty()) {
            return rejected(RejectionReason.MISSING_CLAIM);
        }
        Object sts = json.get("sts");
        if (sts != null && !(sts instanceof String)) {
            return rejected(RejectionReason.MISSING_CLAIM);
        }
        Optional<Actor> actor;
        Object act = json.get("act");
        if (act == null) {
            actor = Optional.empty();
        } else if (act instanceof Map<?, ?> a && a.get("sub") instanceof String actorSub && !actorSub.isBlank()) {
            actor = Optional.of(new Actor(actorSub, a.get("sid") instanceof String actorSid ? actorSid : null));
        } else {
            return rejected(RejectionReason.MISSING_CLAIM); // an impersonation marker that cannot be read is not ignored
        }
        Instant now = clock.instant();
        Instant latestAcceptable = now.plus(skew);
        Date nbf = claims.getNotBeforeTime();
        if (iat.toInstant().isAfter(latestAcceptable) || (nbf != null && nbf.toInstant().isAfter(latestAcceptable))) {
            return rejected(RejectionReason.NOT_YET_VALID);
        }
        int version = json.get("v") instanceof Number n && n.doubleValue() == 2 ? 2 : 1;
        ClerkPermissions.Features features = ClerkPermissions.features(string(json, "fea").orElse(null));
        ClerkClaims clerk = new ClerkClaims(version, Optional.ofNullable((String) sts), factorAge(json.get("fva")),
                new LinkedHashSet<>(features.organization()), new LinkedHashSet<>(features.user()));
        Optional<Organization> organization = version == 2 ? organizationV2(json) : organizationV1(json);
        SessionClaims result = new SessionClaims(iss, user(sub.get(), json), sid.get(), "", 0, azp, iat.toInstant(),
                Optional.ofNullable(nbf).map(Date::toInstant), exp.toInstant(), organization, actor,
                Optional.empty(), Optional.of(clerk));
        return now.isBefore(exp.toInstant().plus(skew)) ? new Verification.Valid(result) : new Verification.Expired(result);
    }

    private static User user(String sub, Map<String, Object> json) {
        return User.builder(sub)
                .name(string(json, "name").orElse(null))
                .email(string(json, "email").orElse(null))
                .imageUrl(string(json, "picture").orElse(null))
                .username(string(json, "preferred_username").orElse(null))
                .build();
    }

    /** v1: {@code org_id}, {@code org_slug}, {@code org_role}, {@code org_permissions}. */
    static Optional<Organization> organizationV1(Map<String, Object> json) {
        Optional<String> id = string(json, "org_id").filter(s -> !s.isBlank());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Set<String> permissions = new LinkedHashSet<>();
        if (json.get("org_permissions") instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof String s && !s.isEmpty()) {
                    permissions.add(s);
                }
            }
        }
        return Optional.of(new ClerkOrganization(id.get(), string(json, "org_slug").orElse(""),
                string(json, "org_role").orElse(""), permissions));
    }

    /** v2: {@code o.id}, {@code o.slg}, {@code o.rol} (as {@code org:<rol>}), permissions from {@code fea}, {@code o.per}, {@code o.fpm}. */
    static Optional<Organization> organizationV2(Map<String, Object> json) {
        if (!(json.get("o") instanceof Map<?, ?> o) || !(o.get("id") instanceof String id) || id.isBlank()) {
            return Optional.empty();
        }
        String role = o.get("rol") instanceof String r && !r.isEmpty() ? "org:" + r : "";
        Set<String> permissions = ClerkPermissions.organizationPermissions(string(json, "fea").orElse(null),
                o.get("per") instanceof String per ? per : null, o.get("fpm") instanceof String fpm ? fpm : null);
        return Optional.of(new ClerkOrganization(id, o.get("slg") instanceof String slug ? slug : "", role, permissions));
    }

    /** {@code fva}: two integers; anything else reads as absent. */
    private static Optional<List<Integer>> factorAge(Object fva) {
        if (!(fva instanceof List<?> list) || list.size() != 2) {
            return Optional.empty();
        }
        List<Integer> out = new ArrayList<>(2);
        for (Object o : list) {
            if (!(o instanceof Long || o instanceof Integer) || ((Number) o).longValue() < Integer.MIN_VALUE
                    || ((Number) o).longValue() > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            out.add(((Number) o).intValue());
        }
        return Optional.of(out);
    }

    private static Optional<String> string(Map<?, ?> json, String name) {
        return json.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static Verification rejected(RejectionReason reason) {
        return new Verification.Rejected(reason);
    }
}
