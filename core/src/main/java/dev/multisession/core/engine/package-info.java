/**
 * The engine, a facade ({@link dev.multisession.core.engine.MultiSession}) over four parts:
 * reading the browser (verify each session cookie, keep the genuine value of every name, decide
 * the client from verified tokens only — the client cookie never counts alone), the session
 * policy (pure rules in {@link dev.multisession.core.store.SessionPolicy}), token refresh
 * (single-flight, one store read, the organization membership re-checked, no I/O inside any
 * cache lock) and the account commands (sign-in, switch, sign-out: decide, one store call, then
 * the cookie writes). It takes an immutable request view and returns immutable results; it
 * imports no servlet or CDI type.
 */
package dev.multisession.core.engine;
