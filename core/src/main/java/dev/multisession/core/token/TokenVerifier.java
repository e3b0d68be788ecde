package dev.multisession.core.token;

/**
 * Verifies session tokens. Implementations never throw for bad input: every failure is a
 * {@link Verification.Rejected} with a reason.
 *
 * <pre>{@code
 * TokenVerifier verifier = new CachingTokenVerifier(new StrictTokenVerifier(config, keys), config);
 * Verification result = verifier.verify(token);
 * }</pre>
 */
@FunctionalInterface
public interface TokenVerifier {
    Verification verify(String token);
}
