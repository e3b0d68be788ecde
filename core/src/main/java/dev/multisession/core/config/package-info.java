/**
 * One immutable configuration, read from a builder, a map, system properties and MULTISESSION_* environment variables; every key is listed in ConfigKeys and the README.
 */
package dev.multisession.core.config;
