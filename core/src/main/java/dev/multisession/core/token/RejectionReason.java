package dev.multisession.core.token;

/**
 * Why a token was not accepted. The code is what gets logged and returned to API clients;
 * never the token itself.
 */
public enum RejectionReason {
    /** Longer than {@code multisession.token.max-length}. */
    OVERSIZE("token_oversize"),
    /** Not three canonical base64url segments, or undecodable. */
    MALFORMED("token_malformed"),
    /** Not a signed JWT: {@code alg: none}, JWE, or an algorithm off the allow-list. */
    ALGORITHM_NOT_ALLOWED("token_algorithm_not_allowed"),
    /** A header that names keys by itself ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) or an unknown {@code crit}. */
    HEADER_NOT_ALLOWED("token_header_not_allowed"),
    /** {@code typ} is neither {@code JWT} nor absent. */
    WRONG_TYPE("token_wrong_type"),
    /** No key with the token's {@code kid}, also after a (rate-limited) refresh. */
    UNKNOWN_KEY("token_unknown_key"),
    /** The signature does not verify. */
    BAD_SIGNATURE("token_bad_signature"),
    /** Remote keys could not be fetched and none are cached. */
    KEYS_UNAVAILABLE("keys_unavailable"),
    /** {@code iss} is not the configured issuer. */
    WRONG_ISSUER("token_wrong_issuer"),
    /** {@code azp} is missing or not an authorized party. */
    UNAUTHORIZED_PARTY("token_unauthorized_party"),
    /** A required claim is missing or of the wrong JSON type. */
    MISSING_CLAIM("token_missing_claim"),
    /** {@code nbf} or {@code iat} lies in the future beyond the clock skew. */
    NOT_YET_VALID("token_not_yet_valid"),
    /** Past {@code exp} (plus clock skew). */
    EXPIRED("token_expired"),
    /** The session this token belongs to ended on this node or, through the store's broadcast, on another. */
    SESSION_ENDED("session_ended");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    /**
     * True for the reasons found before any signature check (form, size, header, algorithm, key
     * lookup): cheap to find, so not counted against a per-request budget of signature checks.
     */
    public boolean beforeSignatureCheck() {
        return switch (this) {
            case OVERSIZE, MALFORMED, ALGORITHM_NOT_ALLOWED, HEADER_NOT_ALLOWED, WRONG_TYPE, UNKNOWN_KEY, KEYS_UNAVAILABLE -> true;
            default -> false;
        };
    }

    /** Stable machine-readable code, e.g. {@code token_expired}. */
    public String code() {
        return code;
    }
}
