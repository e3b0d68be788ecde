/**
 * Which session a request gets (DESIGN §5), as pure functions over an immutable RequestView.
 */
package dev.multisession.core.selection;
