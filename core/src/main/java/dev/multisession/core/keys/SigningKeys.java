package dev.multisession.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The issuer's key set: one active signing key (by {@code kid}) plus older keys kept only so
 * tokens they signed still verify during a rotation.
 *
 * <pre>{@code
 * SigningKeys keys = SigningKeys.load(config);   // configured, or a generated development key
 * String jwks = keys.publicJwksJson();           // serve at /.well-known/jwks.json
 * }</pre>
 *
 * <p>Loaded from {@code multisession.keys.jwks-file}, {@code multisession.keys.jwks} (JSON text,
 * e.g. from an environment variable) or {@code multisession.keys.pem-file}. When none is set,
 * a key is generated in memory and one warning is logged: fine for development, wrong for
 * production (tokens die on restart and nodes cannot share them).
 */
public final class SigningKeys {
    private static final System.Logger LOG = System.getLogger(SigningKeys.class.getName());

    private final JWKSet privateSet;
    private final JWK activeKey;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final boolean generated;

    private SigningKeys(JWKSet privateSet, JWK activeKey, JWSAlgorithm algorithm, boolean generated) {
        this.privateSet = privateSet;
        this.activeKey = activeKey;
        this.algorithm = algorithm;
        this.generated = generated;
        this.signer = signerFor(activeKey, algorithm);
    }

    /** Loads the configured keys, or generates a development key (with one warning) when none are configured. */
    public static SigningKeys load(MultiSessionConfig config) {
        if (config.jwksFile().isPresent()) {
            Path file = config.jwksFile().get();
            return fromJwks(read(file, ConfigKeys.KEYS_JWKS_FILE), ConfigKeys.KEYS_JWKS_FILE, config);
        }
        if (config.jwks().isPresent()) {
            return fromJwks(config.jwks().get(), ConfigKeys.KEYS_JWKS, config);
        }
        if (config.pemFile().isPresent()) {
            return fromPem(read(config.pemFile().get(), ConfigKeys.KEYS_PEM_FILE), config);
        }
        SigningKeys keys = generate(config.algorithm());
        LOG.log(System.Logger.Level.WARNING, "multisession: no signing key configured; generated a development key ("
                + config.algorithm() + ", kid " + keys.activeKid() + "). Sessions will not survive a restart and nodes "
                + "cannot share them. For production set " + ConfigKeys.KEYS_JWKS_FILE + ", " + ConfigKeys.KEYS_JWKS
                + " or " + ConfigKeys.KEYS_PEM_FILE + ".");
        return keys;
    }

    /** A fresh in-memory key for {@code algorithm}, with its thumbprint as {@code kid}. */
    public static SigningKeys generate(JWSAlgorithm algorithm) {
        try {
            JWK key;
            if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
                key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).keyIDFromThumbprint(true).generate();
            } else if (JWSAlgorithm.ES256.equals(algorithm)) {
                key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).keyIDFromThumbprint(true).generate();
            } else if (JWSAlgorithm.EdDSA.equals(algorithm)) {
                requireTink();
                key = new OctetKeyPairGenerator(Curve.Ed25519).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).keyIDFromThumbprint(true).generate();
            } else {
                throw new ConfigurationException(ConfigKeys.TOKEN_ALGORITHM, algorithm + " is not supported");
            }
            return new SigningKeys(new JWKSet(key), key, algorithm, true);
        } catch (JOSEException e) {
            throw new IllegalStateException("multisession: could not generate a " + algorithm + " key", e);
        }
    }

    /** Parses a JWK set with private keys; the signing key is {@code activeKid}, or the only private key. */
    public static SigningKeys fromJwks(String json, String key, MultiSessionConfig config) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new ConfigurationException(key, "is not a valid JWK set (JSON with a \"keys\" array): " + e.getMessage());
        }
        List<JWK> privateKeys = set.getKeys().stream().filter(JWK::isPrivate).collect(Collectors.toList());
        if (privateKeys.isEmpty()) {
            throw new ConfigurationException(key, "holds no private key; the issuer needs one to sign tokens with");
        }
        for (JWK k : set.getKeys()) {
            if (k.getKeyID() == null || k.getKeyID().isBlank()) {
                throw new ConfigurationException(key, "every key needs a \"kid\"; give each key a unique kid");
            }
        }
        JWK active;
        if (config.activeKid().isPresent()) {
            active = set.getKeyByKeyId(config.activeKid().get());
            if (active == null || !active.isPrivate()) {
                throw new ConfigurationException(ConfigKeys.KEYS_ACTIVE_KID, "no private key with kid '"
                        + config.activeKid().get() + "' in " + key + "; the private kids are "
                        + privateKeys.stream().map(JWK::getKeyID).collect(Collectors.joining(", ")));
            }
        } else if (privateKeys.size() == 1) {
            active = privateKeys.get(0);
        } else {
            throw new ConfigurationException(ConfigKeys.KEYS_ACTIVE_KID, key + " holds " + privateKeys.size()
                    + " private keys; name the one to sign with (one of "
                    + privateKeys.stream().map(JWK::getKeyID).collect(Collectors.joining(", ")) + ")");
        }
        checkFits(active, config.algorithm(), key);
        return new SigningKeys(set, active, config.algorithm(), false);
    }

    /**
     * Parses a PEM private key: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC
     * ({@code EC PRIVATE KEY}). An RSA key brings its public half; an EC key needs a {@code PUBLIC KEY} block beside
     * it unless its encoding carries the public point. Read with the JDK alone (no BouncyCastle).
     */
    public static SigningKeys fromPem(String pem, MultiSessionConfig config) {
        JWK parsed;
        try {
            parsed = Pem.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ConfigKeys.KEYS_PEM_FILE, "is not a readable PEM key pair ("
                    + e.getMessage() + "); provide the private key with its public key, e.g. from "
                    + "'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048'");
        }
        if (!parsed.isPrivate()) {
            throw new ConfigurationException(ConfigKeys.KEYS_PEM_FILE, "holds only a public key; the issuer needs the private key");
        }
        JWK withKid;
        try {
            String kid = config.activeKid().orElse(parsed.computeThumbprint().toString());
            withKid = switch (parsed.getKeyType().getValue()) {
                case "RSA" -> new RSAKey.Builder(parsed.toRSAKey()).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
                case "EC" -> new ECKey.Builder(parsed.toECKey()).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
                default -> throw new ConfigurationException(ConfigKeys.KEYS_PEM_FILE, "key type "
                        + parsed.getKeyType() + " is not supported in PEM; use RSA or EC P-256, or a JWK set for Ed25519");
            };
        } catch (JOSEException e) {
            throw new ConfigurationException(ConfigKeys.KEYS_PEM_FILE, "could not compute a key id: " + e.getMessage());
        }
        checkFits(withKid, config.algorithm(), ConfigKeys.KEYS_PEM_FILE);
        return new SigningKeys(new JWKSet(withKid), withKid, config.algorithm(), false);
    }

    private static void checkFits(JWK key, JWSAlgorithm algorithm, String configKey) {
        KeyType type = key.getKeyType();
        boolean fits = (JWSAlgorithm.Family.RSA.contains(algorithm) && KeyType.RSA.equals(type))
                || (JWSAlgorithm.ES256.equals(algorithm) && KeyType.EC.equals(type)
                    && Curve.P_256.equals(((ECKey) key).getCurve()))
                || (JWSAlgorithm.EdDSA.equals(algorithm) && KeyType.OKP.equals(type)
                    && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve()));
        if (!fits) {
            throw new ConfigurationException(configKey, "the signing key (kid " + key.getKeyID() + ", " + type
                    + ") does not fit " + ConfigKeys.TOKEN_ALGORITHM + "=" + algorithm
                    + "; RS256/PS256 need RSA, ES256 needs EC P-256, EdDSA needs Ed25519");
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(algorithm.getName())) {
            throw new ConfigurationException(configKey, "the signing key (kid " + key.getKeyID() + ") is marked \"alg\": \""
                    + key.getAlgorithm() + "\" but " + ConfigKeys.TOKEN_ALGORITHM + " is " + algorithm);
        }
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            // its public half would never be selected to verify a token (verifiers want "use": "sig" or none)
            throw new ConfigurationException(configKey, "the signing key (kid " + key.getKeyID() + ") is marked \"use\": \""
                    + key.getKeyUse().identifier() + "\"; a signing key needs \"use\": \"sig\" or no \"use\"");
        }
        if (KeyType.RSA.equals(type) && ((RSAKey) key).size() < 2048) {
            throw new ConfigurationException(configKey, "RSA keys must be at least 2048 bits");
        }
        if (JWSAlgorithm.EdDSA.equals(algorithm)) {
            requireTink();
        }
    }

    private static void requireTink() {
        try {
            Class.forName("com.google.crypto.tink.subtle.Ed25519Sign");
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException(ConfigKeys.TOKEN_ALGORITHM, "EdDSA needs Google Tink on the classpath; "
                    + "add the dependency com.google.crypto.tink:tink (the version Nimbus JOSE+JWT names), or use RS256/ES256");
        }
    }

    private static JWSSigner signerFor(JWK key, JWSAlgorithm algorithm) {
        try {
            if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
                return new RSASSASigner(key.toRSAKey());
            }
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECDSASigner(key.toECKey());
            }
            return new Ed25519Signer(key.toOctetKeyPair());
        } catch (JOSEException e) {
            throw new IllegalStateException("multisession: the signing key (kid " + key.getKeyID() + ") is unusable", e);
        }
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigurationException(key, "cannot read '" + file + "' (" + e.getClass().getSimpleName()
                    + "); check the path and that the server may read it");
        }
    }

    /** The signing key with its private part; for {@link KeySetTool} only. */
    JWK privateActiveKey() {
        return activeKey;
    }

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    public String activeKid() {
        return activeKey.getKeyID();
    }

    /** The signer for the active key (thread-safe). */
    public JWSSigner signer() {
        return signer;
    }

    /** True when this key was generated at startup rather than configured. */
    public boolean isGenerated() {
        return generated;
    }

    /** All keys' public halves: what verifiers need, safe to publish. */
    public JWKSet publicJwkSet() {
        return privateSet.toPublicJWKSet();
    }

    /** {@link #publicJwkSet()} as a JWKS JSON document. */
    public String publicJwksJson() {
        return publicJwkSet().toString(true);
    }
}
