/**
 * Route rules from multisession.routes: URL patterns mapped to requirements; first match wins.
 */
package dev.multisession.servlet.rules;
