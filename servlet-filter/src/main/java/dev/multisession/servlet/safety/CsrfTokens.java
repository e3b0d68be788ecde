package dev.multisession.servlet.safety;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Stateless CSRF tokens for the helper endpoints: an HMAC-SHA256 of the browser's client id
 * under a server secret. A page that renders a form puts the token in a hidden field
 * ({@code _csrf}) or a header ({@code X-CSRF-Token}); a cross-site attacker cannot compute it.
 * Compared in constant time.
 *
 * <pre>{@code
 * CsrfTokens csrf = CsrfTokens.withSecret(Optional.empty()); // random per process
 * String token = csrf.tokenFor(clientId);
 * boolean ok = csrf.matches(clientId, submitted);
 * }</pre>
 *
 * <p>Without {@code multisession.csrf.secret} the secret is random per process: fine on one
 * node; several nodes need the same configured secret.
 */
public final class CsrfTokens {
    /** Form field name. */
    public static final String FIELD = "_csrf";
    /** Header name. */
    public static final String HEADER = "X-CSRF-Token";
    private static final String ANONYMOUS = "anonymous";

    private final byte[] secret;

    private CsrfTokens(byte[] secret) {
        this.secret = secret;
    }

    public static CsrfTokens withSecret(Optional<String> configured) {
        byte[] key;
        if (configured.isPresent()) {
            key = configured.get().getBytes(StandardCharsets.UTF_8);
        } else {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        return new CsrfTokens(key);
    }

    /** The token for a browser (client id), or for a browser with no client yet. */
    public String tokenFor(Optional<String> clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] out = mac.doFinal(("multisession-csrf:" + clientId.orElse(ANONYMOUS)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** True when {@code submitted} is this browser's token; constant-time. */
    public boolean matches(Optional<String> clientId, String submitted) {
        if (submitted == null || submitted.isEmpty() || submitted.length() > 128) {
            return false;
        }
        byte[] expected = tokenFor(clientId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, submitted.getBytes(StandardCharsets.UTF_8));
    }
}
