package dev.multisession.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.Mode;
import dev.multisession.core.config.MultiSessionConfig;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;

/**
 * Where the keys that verify session tokens come from, as a Nimbus {@link JWKSource}:
 * the issuer's own public keys, a configured PEM public key, or a remote JWKS URL.
 *
 * <pre>{@code
 * JWKSource<SecurityContext> keys = VerificationKeys.forConfig(config, signingKeysOrNull);
 * }</pre>
 *
 * <p>The remote source is assembled by Nimbus's {@link JWKSourceBuilder} as a chain of
 * decorators: a cache with refresh-ahead, a rate limit on refreshes (an unknown {@code kid}
 * triggers at most two fetches per {@code multisession.verify.jwks-rate-limit}), and outage
 * tolerance (the last good key set keeps verifying while the URL fails).
 */
public final class VerificationKeys {
    static final int HTTP_CONNECT_TIMEOUT_MS = 2_000;
    static final int HTTP_READ_TIMEOUT_MS = 2_000;
    static final int HTTP_SIZE_LIMIT_BYTES = 64 * 1024;

    private VerificationKeys() {
    }

    /**
     * The key source for this configuration: a remote JWKS or PEM when configured (either
     * mode), else the issuer's own keys.
     */
    public static JWKSource<SecurityContext> forConfig(MultiSessionConfig config, SigningKeys signingKeys) {
        if (config.jwksUrl().isPresent()) {
            return remote(config.jwksUrl().get(), config);
        }
        if (config.publicKeyPem().isPresent()) {
            return pem(config.publicKeyPem().get());
        }
        if (config.mode() == Mode.VERIFIER || signingKeys == null) {
            throw new ConfigurationException(ConfigKeys.VERIFY_JWKS_URL, "no keys to verify tokens with; set "
                    + ConfigKeys.VERIFY_JWKS_URL + " or " + ConfigKeys.VERIFY_PUBLIC_KEY_PEM);
        }
        return own(signingKeys);
    }

    /** The issuer's own public keys (all of them, so rotated-out keys still verify). */
    public static JWKSource<SecurityContext> own(SigningKeys keys) {
        return new ImmutableJWKSet<>(keys.publicJwkSet());
    }

    /** A single PEM public key; it is tried for every token whatever its {@code kid}. */
    public static JWKSource<SecurityContext> pem(String pem) {
        JWK key;
        try {
            key = JWK.parseFromPEMEncodedObjects(pem);
        } catch (JOSEException | RuntimeException e) {
            throw new ConfigurationException(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, "is not a readable PEM public key ("
                    + e.getMessage() + "); paste the '-----BEGIN PUBLIC KEY-----' block");
        }
        if (!KeyType.RSA.equals(key.getKeyType()) && !KeyType.EC.equals(key.getKeyType())) {
            throw new ConfigurationException(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, "must be an RSA or EC public key");
        }
        JWK publicKey = key.toPublicJWK();
        List<JWK> only = List.of(publicKey);
        return (selector, context) -> only;
    }

    /** A remote JWKS URL with caching, refresh-ahead, rate-limited refresh and outage tolerance. */
    public static JWKSource<SecurityContext> remote(URI url, MultiSessionConfig config) {
        long ttl = config.jwksCacheTtl().toMillis();
        long refreshTimeout = config.jwksRefreshTimeout().toMillis();
        long refreshAhead = Math.max(1, (ttl - refreshTimeout) / 4);
        try {
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(),
                            new DefaultResourceRetriever(HTTP_CONNECT_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, HTTP_SIZE_LIMIT_BYTES))
                    .cache(ttl, refreshTimeout)
                    .refreshAheadCache(refreshAhead, false)
                    .rateLimited(config.jwksRateLimit().toMillis())
                    .outageTolerant(config.jwksOutageTolerance().toMillis())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigurationException(ConfigKeys.VERIFY_JWKS_URL, "cannot be used (" + e.getMessage() + ")");
        }
    }

}
