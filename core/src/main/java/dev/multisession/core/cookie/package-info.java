/**
 * The browser's cookie family (docs/how-it-works.md: "Cookies"): one client cookie plus one cookie per session, named in the
 * app's cookie namespace so apps on one host never read each other's; parsing never throws, writes carry every required attribute.
 */
package dev.multisession.core.cookie;
