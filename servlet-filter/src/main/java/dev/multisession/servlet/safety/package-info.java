/**
 * Request-level safety: redirect_url validation and CSRF tokens for the helper endpoints.
 */
package dev.multisession.servlet.safety;
