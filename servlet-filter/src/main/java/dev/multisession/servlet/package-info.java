/**
 * The servlet shell: the auto-registered filter, the request wrapper that makes the servlet security API
 * answer for the active session, the helper endpoints, and the Accounts API for app code.
 */
package dev.multisession.servlet;
