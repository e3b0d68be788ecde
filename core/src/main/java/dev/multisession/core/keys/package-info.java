/**
 * Signing keys (configured or generated for development) and the key sources that verify tokens: own keys, a PEM public key, or a remote JWKS through Nimbus JWKSourceBuilder.
 */
package dev.multisession.core.keys;
