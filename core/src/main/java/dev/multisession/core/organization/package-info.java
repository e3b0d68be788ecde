/**
 * The organization directory SPI: the app's memberships, roles and permissions, asked at an
 * organization switch and (cached) at every token refresh of a session with an active organization.
 */
package dev.multisession.core.organization;
