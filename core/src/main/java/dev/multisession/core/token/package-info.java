/**
 * Session tokens: minting (TokenIssuer), strict verification (StrictTokenVerifier) and the verified-token cache (CachingTokenVerifier). Verification never throws for bad input; it answers a Verification.
 */
package dev.multisession.core.token;
