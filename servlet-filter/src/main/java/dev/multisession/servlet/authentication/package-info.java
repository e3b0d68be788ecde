/**
 * Jakarta Authentication integration, so container-enforced constraints follow the active session.
 */
package dev.multisession.servlet.authentication;
