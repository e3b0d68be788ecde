/**
 * The session store contract and its default in-memory implementation. A store is consulted at
 * sign-in, switch, sign-out and token refresh, never on the hot path; each of those is one
 * atomic or conditional store operation ({@link dev.multisession.core.store.SessionStore}),
 * never a read followed by a blind write. {@link dev.multisession.core.store.SessionPolicy}
 * holds the rules every store applies the same way (index, eviction, next active). A store that
 * cannot reach its backing service throws
 * {@link dev.multisession.core.store.StoreUnavailableException}; every store passes the contract
 * test kit shipped in the core test-jar ({@code dev.multisession.core.store.testing.SessionStoreContract}).
 * Choose a store with {@code multisession.store} (see {@link dev.multisession.core.store.SessionStores}).
 */
package dev.multisession.core.store;
