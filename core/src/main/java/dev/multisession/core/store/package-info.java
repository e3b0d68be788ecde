/**
 * The SessionStore SPI and its default in-memory implementation. The store is consulted when a token is refreshed, never on the hot path.
 */
package dev.multisession.core.store;
