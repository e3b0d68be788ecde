/**
 * The servlet shell: the filter (registered by the jar's initializer or web fragment, or declared
 * in {@code web.xml}), the request wrapper that makes the servlet security API answer for the
 * active session, the helper endpoints and their servlets, and the Accounts API for app code.
 * Nothing here acts on a request the filter never saw ({@link dev.multisession.servlet.UnfilteredRequestException}).
 */
package dev.multisession.servlet;
