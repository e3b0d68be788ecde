package dev.multisession.core.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.multisession.core.clerk.ClerkSettings;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.Mode;
import dev.multisession.core.config.MultiSessionConfig;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the keys that verify session tokens come from, as a Nimbus {@link JWKSource}:
 * the issuer's own public keys, a configured PEM public key, or a remote JWKS URL. In the clerk
 * profile, without a PEM or JWKS URL configured: the Backend API's JWKS (read with the secret key)
 * when a secret key is configured, else the Frontend API's public JWKS.
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
            return pem(config.publicKeyPem().get(), config.algorithm());
        }
        Optional<ClerkSettings> clerk = config.clerk();
        if (clerk.isPresent() && clerk.get().secretKey().isPresent()) {
            // Clerk's Backend API: GET /v1/jwks with the secret key as Bearer (Clerk's keys.ts, fetchJWKSFromBAPI)
            return remote(clerk.get().backendJwksUrl(), config, Map.of(
                    "Authorization", List.of("Bearer " + clerk.get().secretKey().get()),
                    "Clerk-API-Version", List.of(ClerkSettings.API_VERSION)), ConfigKeys.CLERK_API_URL);
        }
        if (clerk.isPresent() && clerk.get().frontendJwksUrl().isPresent()) {
            return remote(clerk.get().frontendJwksUrl().get(), config, Map.of(), ConfigKeys.CLERK_FRONTEND_API);
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

    /**
     * A single PEM public key ({@code PUBLIC KEY}, {@code RSA PUBLIC KEY} or a {@code CERTIFICATE}); it is
     * tried for every token whatever its {@code kid}. Read with the JDK alone (no BouncyCastle).
     */
    public static JWKSource<SecurityContext> pem(String pem) {
        List<JWK> only = List.of(pemKey(pem));
        return (selector, context) -> only;
    }

    private static JWK pemKey(String pem) {
        JWK key;
        try {
            key = Pem.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, "is not a readable PEM public key ("
                    + e.getMessage() + "); paste the '-----BEGIN PUBLIC KEY-----' block");
        }
        if (key.isPrivate()) {
            throw new ConfigurationException(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, "holds a private key; a verifier needs only "
                    + "the public key: paste the '-----BEGIN PUBLIC KEY-----' block ('openssl pkey -in key.pem -pubout') "
                    + "and keep the private key on the issuer");
        }
        if (!KeyType.RSA.equals(key.getKeyType()) && !KeyType.EC.equals(key.getKeyType())) {
            throw new ConfigurationException(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, "must be an RSA or EC public key");
        }
        return key.toPublicJWK();
    }

    /** The PEM key, checked to fit the configured algorithm: a key that cannot verify any token is a configuration error. */
    private static JWKSource<SecurityContext> pem(String pem, JWSAlgorithm algorithm) {
        JWK key = pemKey(pem);
        boolean fits = (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof RSAKey)
                || (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()));
        if (!fits) {
            throw new ConfigurationException(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, "the " + key.getKeyType()
                    + " key does not fit " + ConfigKeys.TOKEN_ALGORITHM + "=" + algorithm
                    + "; RS256/PS256 need RSA, ES256 needs EC P-256 (EdDSA keys are verified through a JWKS URL)");
        }
        List<JWK> only = List.of(key);
        return (selector, context) -> only;
    }

    /** A remote JWKS URL with caching, refresh-ahead, rate-limited refresh and outage tolerance. */
    public static JWKSource<SecurityContext> remote(URI url, MultiSessionConfig config) {
        return remote(url, config, Map.of(), ConfigKeys.VERIFY_JWKS_URL);
    }

    /**
     * {@link #remote(URI, MultiSessionConfig)} sending {@code headers} with every fetch. With
     * headers (a secret), redirects are not followed: the headers go to {@code url}'s host only.
     * {@code urlKey} is the key a bad URL is reported under.
     */
    static JWKSource<SecurityContext> remote(URI url, MultiSessionConfig config, Map<String, List<String>> headers,
                                             String urlKey) {
        long ttl = config.jwksCacheTtl().toMillis();
        long refreshTimeout = config.jwksRefreshTimeout().toMillis();
        long refreshAhead = Math.max(1, (ttl - refreshTimeout) / 4);
        if (config.jwksRateLimit().toMillis() >= ttl) {
            // Nimbus refuses this combination (IllegalStateException): the rate limit must let a refresh
            // through before the cached keys expire.
            throw new ConfigurationException(ConfigKeys.JWKS_RATE_LIMIT, "must be shorter than "
                    + ConfigKeys.JWKS_CACHE_TTL + " (" + config.jwksCacheTtl() + "), or the cached keys could expire "
                    + "while refreshes are still rate-limited; e.g. 30s with the default 5m cache");
        }
        try {
            DefaultResourceRetriever retriever = headers.isEmpty()
                    ? new DefaultResourceRetriever(HTTP_CONNECT_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, HTTP_SIZE_LIMIT_BYTES)
                    : new NoRedirectRetriever();
            if (!headers.isEmpty()) {
                retriever.setHeaders(headers);
            }
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(), retriever)
                    .cache(ttl, refreshTimeout)
                    .refreshAheadCache(refreshAhead, false)
                    .rateLimited(config.jwksRateLimit().toMillis())
                    .outageTolerant(config.jwksOutageTolerance().toMillis())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException(urlKey, "cannot be used with the "
                    + "multisession.verify.jwks-* settings (" + e.getMessage() + ")");
        }
    }

    /** Sends its headers (a secret) to the configured URL only: a redirect is an error, never followed. */
    private static final class NoRedirectRetriever extends DefaultResourceRetriever {
        NoRedirectRetriever() {
            super(HTTP_CONNECT_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, HTTP_SIZE_LIMIT_BYTES);
        }

        @Override
        protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
            HttpURLConnection connection = super.openHTTPConnection(url);
            connection.setInstanceFollowRedirects(false);
            return connection;
        }
    }
}
