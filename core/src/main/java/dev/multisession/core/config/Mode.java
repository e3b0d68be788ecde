package dev.multisession.core.config;

/** Whether this node mints session tokens or only verifies them. */
public enum Mode {
    /** The embedded default: sessions in a store, tokens minted and refreshed here. */
    ISSUER,
    /** Only verifies tokens (JWKS URL or PEM public key); never mints. */
    VERIFIER
}
