package dev.multisession.core.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Tasks;
import dev.multisession.core.model.User;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Full, strict verification of a session token (docs/how-it-works.md: "Session token"), in
 * this order, stopping at the first failure: length cap and canonical compact form before any
 * decoding; a header segment that is canonical base64url (unused bits zero) of one JSON object;
 * a JWS header whose {@code alg} is the configured one, with no key-carrying header
 * ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) and no {@code crit}; {@code typ}
 * {@code JWT} or absent; a key found by {@code kid} in the configured key source; a canonical
 * signature segment that verifies; a canonical payload segment of one JSON object; then the
 * claims: exact {@code iss}, {@code azp} when authorized parties are configured, {@code exp},
 * {@code iat}, {@code sub}, {@code sid}, {@code cid} and {@code idx} required with the right
 * types (the dates between 1970 and the year 9999), {@code nbf}/{@code iat} not beyond the
 * clock skew in the future.
 *
 * <pre>{@code
 * TokenVerifier strict = new StrictTokenVerifier(config, VerificationKeys.forConfig(config, keys));
 * }</pre>
 *
 * <p>Each segment is decoded once and each JSON text parsed once (the header before the key
 * lookup, the payload only after the signature verified), and one signature verifier is kept per
 * key: a first sight of a token costs about one signature check.
 *
 * <p>Another token profile keeps every check up to the signature and reads the claims its own way,
 * through a {@link ClaimsReader} (the clerk profile's {@code ClerkClaimsReader}).
 *
 * <p>It never throws for bad input; a key source failure is {@link RejectionReason#KEYS_UNAVAILABLE}
 * and a rate-limited refresh is {@link RejectionReason#UNKNOWN_KEY} (or {@code KEYS_UNAVAILABLE} while
 * the key source has never answered). {@code sub} must be a JSON string and {@code idx} a JSON integer;
 * a registered claim of the wrong JSON type is {@link RejectionReason#MISSING_CLAIM}.
 */
public final class StrictTokenVerifier implements TokenVerifier {
    private static final System.Logger LOG = System.getLogger(StrictTokenVerifier.class.getName());
    private static final int MAX_INDEX = 999;
    /** 9999-12-31T23:59:59Z. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private final JWSAlgorithm algorithm;
    private final JWKSource<SecurityContext> keys;
    /** Set once the key source has answered: from then on a rate-limited refresh means an unknown kid. */
    private volatile boolean keysEverAvailable;
    private final String issuer;
    private final Set<String> authorizedParties;
    private final Duration skew;
    private final int maxLength;
    private final Clock clock;
    /** Null: this library's own claims ({@link #checkClaims}). */
    private final ClaimsReader claimsReader;
    /**
     * One signature verifier per key, built on first use (Nimbus's verifiers are thread-safe and
     * immutable). Keyed by the key object's identity and held weakly: a key the key source no longer
     * returns (a refreshed JWKS) takes its verifier with it.
     */
    private final Cache<JWK, JWSVerifier> verifiers = Caffeine.newBuilder().weakKeys().maximumSize(64).build();

    /**
     * Reads the claims of a token whose header and signature passed every check: another token
     * profile's claims. Never throws for bad claims: answers {@link Verification.Rejected}.
     */
    @FunctionalInterface
    public interface ClaimsReader {
        /**
         * @param header the verified token's header
         * @param claims its payload as Nimbus parsed it (registered claims of the right JSON types)
         * @param json   its payload as JSON
         */
        Verification read(JWSHeader header, JWTClaimsSet claims, Map<String, Object> json);
    }

    public StrictTokenVerifier(MultiSessionConfig config, JWKSource<SecurityContext> keys) {
        this(config, keys, null);
    }

    /**
     * The verifier of the configured token profile: this library's own claims, or Clerk's with
     * {@code multisession.token.profile=clerk}. The claims step is chosen here and nowhere else:
     * no caller can put its own in place of the strict checks.
     */
    public static StrictTokenVerifier forConfig(MultiSessionConfig config, JWKSource<SecurityContext> keys) {
        return new StrictTokenVerifier(config, keys,
                config.clerk().isPresent() ? new dev.multisession.core.clerk.ClerkClaimsReader(config) : null);
    }

    /** A verifier whose claims step is {@code claimsReader} (null: this library's own claims). */
    private StrictTokenVerifier(MultiSessionConfig config, JWKSource<SecurityContext> keys, ClaimsReader claimsReader) {
        this.claimsReader = claimsReader;
        this.algorithm = config.algorithm();
        this.keys = keys;
        if (JWSAlgorithm.EdDSA.equals(algorithm)) {
            requireTink();
        }
        this.issuer = config.issuer();
        this.authorizedParties = config.authorizedParties();
        this.skew = config.clockSkew();
        this.maxLength = config.tokenMaxLength();
        this.clock = config.clock();
    }

    @Override
    public Verification verify(String token) {
        try {
            return verifyChecked(token);
        } catch (RuntimeException e) {
            // Defensive: a parser bug must never turn bad input into a 500 or an accept.
            LOG.log(System.Logger.Level.DEBUG, "multisession: token rejected by an unexpected " + e.getClass().getName());
            return rejected(RejectionReason.MALFORMED);
        }
    }

    private Verification verifyChecked(String token) {
        if (token != null && token.length() > maxLength) {
            return rejected(RejectionReason.OVERSIZE);
        }
        if (!TokenForm.isCompactJws(token, maxLength)) {
            return rejected(RejectionReason.MALFORMED);
        }
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        // The header is decoded and parsed once; every header check reads that one parse.
        Map<String, Object> headerJson = jsonObject(token, 0, firstDot);
        if (headerJson == null) {
            return rejected(RejectionReason.MALFORMED);
        }
        Header header;
        try {
            header = Header.parse(headerJson, new Base64URL(token.substring(0, firstDot)));
        } catch (ParseException e) {
            return rejected(RejectionReason.MALFORMED);
        }
        if (!(header instanceof JWSHeader jwsHeader) || !algorithm.equals(jwsHeader.getAlgorithm())) {
            return rejected(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
        // Any crit is refused, the empty list too (RFC 7515 §4.1.11 forbids producers to send it),
        // which Nimbus drops from the parsed header: so the header's own JSON is asked.
        if (jwsHeader.getJWK() != null || jwsHeader.getJWKURL() != null || jwsHeader.getX509CertURL() != null
                || jwsHeader.getX509CertChain() != null || headerJson.containsKey("crit")) {
            return rejected(RejectionReason.HEADER_NOT_ALLOWED);
        }
        boolean pendingType = claimsReader == null && TokenIssuer.PENDING_TYPE.equals(jwsHeader.getType());
        if (jwsHeader.getType() != null && !JOSEObjectType.JWT.equals(jwsHeader.getType()) && !pendingType) {
            return rejected(RejectionReason.WRONG_TYPE);
        }
        RejectionReason signatureProblem = checkSignature(token, secondDot, jwsHeader);
        if (signatureProblem != null) {
            return rejected(signatureProblem);
        }
        // Only an authentic payload is decoded and parsed, once.
        Map<String, Object> json = jsonObject(token, firstDot + 1, secondDot);
        if (json == null) {
            return rejected(RejectionReason.MALFORMED);
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(json);
            // every profile: a date no issuer writes (a huge one would overflow into the past)
            numericDate(json, "exp");
            numericDate(json, "iat");
            numericDate(json, "nbf");
        } catch (ParseException e) {
            // a registered claim (iss, sub, exp, iat, nbf, ...) of the wrong JSON type or an impossible date
            return rejected(RejectionReason.MISSING_CLAIM);
        }
        return claimsReader != null ? claimsReader.read(jwsHeader, claims, json) : checkClaims(json, claims, pendingType);
    }

    /**
     * The segment {@code [from, to)} of {@code token} as one JSON object, or null when it is not
     * canonical base64url, is not JSON text whose first character after optional whitespace opens an
     * object (Nimbus's parser alone would also read {@code []} or an array of name/value pairs as an
     * object, and skip a byte order mark), or has a duplicate member name or anything after the object.
     */
    private static Map<String, Object> jsonObject(String token, int from, int to) {
        byte[] bytes = CanonicalBase64Url.decode(token, from, to);
        if (bytes == null) {
            return null;
        }
        int first = 0;
        while (first < bytes.length && (bytes[first] == ' ' || bytes[first] == '\t' || bytes[first] == '\n'
                || bytes[first] == '\r')) {
            first++;
        }
        if (first == bytes.length || bytes[first] != '{') {
            return null;
        }
        try {
            return JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            return null;
        }
    }

    /** Null when a key of the key source verifies the signature; else why not. */
    private RejectionReason checkSignature(String token, int secondDot, JWSHeader header) {
        List<JWK> candidates;
        try {
            candidates = keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
            keysEverAvailable = true;
        } catch (RateLimitReachedException e) {
            // Rate-limited with keys fetched before: the kid is unknown (401). Never fetched at all (a cold
            // start while the JWKS URL is down): no key can verify, which is keys_unavailable (docs/how-it-works.md: "Never").
            return keysEverAvailable ? RejectionReason.UNKNOWN_KEY : RejectionReason.KEYS_UNAVAILABLE;
        } catch (KeySourceException e) {
            return RejectionReason.KEYS_UNAVAILABLE;
        }
        if (candidates == null || candidates.isEmpty()) {
            return RejectionReason.UNKNOWN_KEY;
        }
        byte[] signature = CanonicalBase64Url.decode(token, secondDot + 1, token.length());
        if (signature == null) {
            return RejectionReason.MALFORMED;
        }
        Base64URL encodedSignature = new DecodedBase64URL(token.substring(secondDot + 1), signature);
        byte[] signingInput = new byte[secondDot];
        for (int i = 0; i < secondDot; i++) {
            signingInput[i] = (byte) token.charAt(i); // ASCII: the form check let nothing else through
        }
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = verifiers.get(key, this::verifierOrNull);
                if (verifier != null && verifier.verify(header, signingInput, encodedSignature)) {
                    return null;
                }
            } catch (JOSEException | IllegalStateException e) {
                // the next candidate may fit; a key that cannot verify this header is no match
            }
        }
        return RejectionReason.BAD_SIGNATURE;
    }

    /** {@link #verifierFor}, or null when the key cannot verify the configured algorithm or is unreadable. */
    private JWSVerifier verifierOrNull(JWK key) {
        try {
            return verifierFor(key);
        } catch (JOSEException | IllegalStateException e) {
            return null;
        }
    }

    /**
     * A signature segment whose bytes {@link CanonicalBase64Url} already decoded: the JWS verifier
     * reads them from here instead of decoding the text again.
     */
    private static final class DecodedBase64URL extends Base64URL {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        DecodedBase64URL(String text, byte[] bytes) {
            super(text);
            this.bytes = bytes;
        }

        @Override
        public byte[] decode() {
            return bytes.clone();
        }
    }

    /**
     * A verifier for the configured algorithm from a JWK (public half only), or null when the key
     * cannot verify it. Built from the JWK rather than a JCA key so that Ed25519 (which has no
     * JCA form in Nimbus) verifies too.
     */
    private JWSVerifier verifierFor(JWK key) throws JOSEException {
        if (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toPublicJWK());
        }
        if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec.toPublicJWK());
        }
        if (JWSAlgorithm.EdDSA.equals(algorithm) && key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            return new Ed25519Verifier(okp.toPublicJWK());
        }
        return null;
    }

    private static void requireTink() {
        try {
            Class.forName("com.google.crypto.tink.subtle.Ed25519Verify");
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException(ConfigKeys.TOKEN_ALGORITHM, "EdDSA needs Google Tink on the classpath to "
                    + "verify tokens; add the dependency com.google.crypto.tink:tink, or use RS256/ES256");
        }
    }

    private Verification checkClaims(Map<String, Object> json, JWTClaimsSet claims, boolean pendingType) {
        try {
            Instant now = clock.instant();
            if (!issuer.equals(claims.getIssuer())) {
                return rejected(RejectionReason.WRONG_ISSUER);
            }
            Optional<String> azp = Optional.ofNullable(claims.getStringClaim("azp"));
            if (!authorizedParties.isEmpty() && (azp.isEmpty() || !authorizedParties.contains(azp.get()))) {
                return rejected(RejectionReason.UNAUTHORIZED_PARTY);
            }
            Instant exp = numericDate(json, "exp");
            Instant iat = numericDate(json, "iat");
            Instant nbf = numericDate(json, "nbf");
            // raw JSON types: Nimbus turns a numeric "sub" into a string, and reads 1.5 as a long
            String sub = json.get("sub") instanceof String s ? s : null;
            String sid = claims.getStringClaim("sid");
            String cid = claims.getStringClaim("cid");
            Object rawIdx = json.get("idx");
            Long idx = rawIdx instanceof Long || rawIdx instanceof Integer ? ((Number) rawIdx).longValue() : null;
            if (exp == null || iat == null || sub == null || sub.isBlank() || !Ids.isSessionId(sid)
                    || !Ids.isClientId(cid) || idx == null || idx < 0 || idx > MAX_INDEX) {
                return rejected(RejectionReason.MISSING_CLAIM);
            }
            Instant latestAcceptable = now.plus(skew);
            if (iat.isAfter(latestAcceptable) || (nbf != null && nbf.isAfter(latestAcceptable))) {
                return rejected(RejectionReason.NOT_YET_VALID);
            }
            Object sts = json.get(TokenIssuer.STATUS_CLAIM);
            Object tsk = json.get(TokenIssuer.TASK_CLAIM);
            Optional<String> task;
            if (!pendingType && sts == null && tsk == null) {
                task = Optional.empty();
            } else if (pendingType && TokenIssuer.PENDING.equals(sts) && tsk instanceof String t && Tasks.isKey(t)) {
                task = Optional.of(t);
            } else if (!pendingType) {
                // status claims under a header that does not say pending (typ pending+jwt, which verifiers
                // before session tasks refuse): this library never mints that
                return rejected(RejectionReason.WRONG_TYPE);
            } else {
                // a status this library does not issue, or one without its task: never read as active
                return rejected(RejectionReason.MISSING_CLAIM);
            }
            SessionClaims result = new SessionClaims(claims.getIssuer(), user(sub, claims), sid, cid, idx.intValue(), azp,
                    iat, Optional.ofNullable(nbf), exp, organization(claims), actor(claims), task, Optional.empty());
            return now.isBefore(exp.plus(skew)) ? new Verification.Valid(result) : new Verification.Expired(result);
        } catch (ParseException | IllegalArgumentException e) {
            return rejected(RejectionReason.MISSING_CLAIM);
        }
    }

    /**
     * A NumericDate claim ({@code exp}, {@code iat}, {@code nbf}) in whole seconds, or null when
     * absent. A number before 1970 or after the year 9999 (a huge one would overflow into the past)
     * is refused: no issuer writes one.
     */
    private static Instant numericDate(Map<String, Object> json, String name) throws ParseException {
        Object value = json.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= MAX_EPOCH_SECOND) {
            return Instant.ofEpochSecond(n.longValue());
        }
        throw new ParseException(name, 0);
    }

    private static User user(String sub, JWTClaimsSet claims) throws ParseException {
        return User.builder(sub)
                .name(claims.getStringClaim("name"))
                .email(claims.getStringClaim("email"))
                .imageUrl(claims.getStringClaim("picture"))
                .username(claims.getStringClaim("preferred_username"))
                .build();
    }

    private static Optional<Organization> organization(JWTClaimsSet claims) throws ParseException {
        String orgId = claims.getStringClaim("org_id");
        if (orgId == null) {
            return Optional.empty();
        }
        String slug = claims.getStringClaim("org_slug");
        String role = claims.getStringClaim("org_role");
        List<String> permissions = claims.getStringListClaim("org_permissions");
        Organization.Builder b = Organization.builder(orgId, slug).role(role);
        if (permissions != null) {
            b.permissions(new LinkedHashSet<>(permissions));
        }
        return Optional.of(b.build());
    }

    private static Optional<Actor> actor(JWTClaimsSet claims) throws ParseException {
        Map<String, Object> act = claims.getJSONObjectClaim("act");
        if (act == null) {
            return Optional.empty();
        }
        Object sub = act.get("sub");
        Object sid = act.get("sid");
        if (!(sub instanceof String s) || (sid != null && !(sid instanceof String))) {
            throw new ParseException("act", 0);
        }
        return Optional.of(new Actor(s, (String) sid));
    }

    private static Verification rejected(RejectionReason reason) {
        return new Verification.Rejected(reason);
    }
}
