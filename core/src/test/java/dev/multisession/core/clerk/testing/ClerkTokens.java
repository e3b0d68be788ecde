package dev.multisession.core.clerk.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints tokens in the shapes Clerk issues, signed (RS256) with a test instance key: the v1 claims
 * ({@code org_id}, {@code org_role}, {@code org_slug}, {@code org_permissions}) and the v2 ones
 * ({@code v: 2}, {@code o}, {@code fea}, {@code fva}, {@code sts}). Shared by the core's tests
 * and, through the core test-jar, the servlet and CDI modules' HTTP tests.
 *
 * <pre>{@code
 * ClerkTokens clerk = ClerkTokens.instance("https://clerk.example.test");
 * String token = clerk.v2("user_2abc", "sess_2abc", now).org("org_1", "acme", "admin", "o:invoices", "read,manage", "3").sign();
 * }</pre>
 */
public final class ClerkTokens {
    private final String issuer;
    private final List<RSAKey> keys = new ArrayList<>();

    private ClerkTokens(String issuer, RSAKey key) {
        this.issuer = issuer;
        this.keys.add(key);
    }

    /** A Clerk instance with one fresh RSA key ({@code kid} {@code ins_test_1}) issuing as {@code issuer}. */
    public static ClerkTokens instance(String issuer) {
        return new ClerkTokens(issuer, newKey("ins_test_1"));
    }

    private static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** Rotates: a new key (kid {@code kid}) signs from now on; the old ones stay in the JWKS. */
    public synchronized void rotate(String kid) {
        keys.add(newKey(kid));
    }

    /** The key that signs now. */
    public synchronized RSAKey signingKey() {
        return keys.get(keys.size() - 1);
    }

    /** The public JWKS, as Clerk's Frontend and Backend APIs serve it. */
    public synchronized String jwksJson() {
        return new JWKSet(keys.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList()).toString();
    }

    /** The signing key's public half as PEM ({@code -----BEGIN PUBLIC KEY-----}), Clerk's {@code jwtKey}. */
    public String publicKeyPem() {
        try {
            byte[] der = signingKey().toRSAPublicKey().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A v1 token for {@code sub} in session {@code sid}, issued at {@code iat}, valid 60 s. */
    public Claims v1(String sub, String sid, Instant iat) {
        return new Claims(this).put("iss", issuer).put("sub", sub).put("sid", sid)
                .put("iat", iat.getEpochSecond()).put("nbf", iat.getEpochSecond() - 10).put("exp", iat.getEpochSecond() + 60);
    }

    /** A v2 token ({@code v: 2}): as {@link #v1} plus the version. */
    public Claims v2(String sub, String sid, Instant iat) {
        return v1(sub, sid, iat).put("v", 2);
    }

    /** A token's claims being built; {@link #sign()} signs them with the instance's current key. */
    public static final class Claims {
        private final ClerkTokens instance;
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Map<String, Object> header = new LinkedHashMap<>();

        private Claims(ClerkTokens instance) {
            this.instance = instance;
        }

        public Claims put(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** A JOSE header parameter besides {@code alg}, {@code kid} and {@code typ} (e.g. Clerk's {@code cat}). */
        public Claims header(String name, Object value) {
            header.put(name, value);
            return this;
        }

        public Claims azp(String azp) {
            return put("azp", azp);
        }

        /** v1 organization claims; a null part is left out. */
        public Claims orgV1(String id, String slug, String role, List<String> permissions) {
            return put("org_id", id).put("org_slug", slug).put("org_role", role).put("org_permissions", permissions);
        }

        /** The v2 {@code o} claim and {@code fea}; a null part is left out. */
        public Claims org(String id, String slug, String rol, String fea, String per, String fpm) {
            Map<String, Object> o = new LinkedHashMap<>();
            putIfNotNull(o, "id", id);
            putIfNotNull(o, "slg", slug);
            putIfNotNull(o, "rol", rol);
            putIfNotNull(o, "per", per);
            putIfNotNull(o, "fpm", fpm);
            return put("o", o).put("fea", fea);
        }

        private static void putIfNotNull(Map<String, Object> map, String name, Object value) {
            if (value != null) {
                map.put(name, value);
            }
        }

        public Map<String, Object> asMap() {
            return new LinkedHashMap<>(claims);
        }

        public String sign() {
            return signWith(instance.signingKey());
        }

        /** Signs with another key under the same kid: what an attacker without the instance key can do. */
        public String signWith(RSAKey key) {
            try {
                JWSHeader.Builder b = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                        .keyID(instance.signingKey().getKeyID());
                header.forEach(b::customParam);
                JWSObject jws = new JWSObject(b.build(), new Payload(JSONObjectUtils.toJSONString(claims)));
                jws.sign(new RSASSASigner(key));
                return jws.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
