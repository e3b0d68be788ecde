/**
 * The browser's cookie family (DESIGN §4): one client cookie plus one cookie per session; parsing never throws, writes carry every required attribute.
 */
package dev.multisession.core.cookie;
