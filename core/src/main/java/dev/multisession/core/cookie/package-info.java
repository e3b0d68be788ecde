/**
 * The browser's cookie family (docs/how-it-works.md: "Cookies"): one client cookie plus one cookie per session; parsing never throws, writes carry every required attribute.
 */
package dev.multisession.core.cookie;
