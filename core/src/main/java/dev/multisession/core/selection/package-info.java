/**
 * Which session a request gets (docs/how-it-works.md: "Which session a request gets"), as pure functions over an immutable RequestView.
 */
package dev.multisession.core.selection;
