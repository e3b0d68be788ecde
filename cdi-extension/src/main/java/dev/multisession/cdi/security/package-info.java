/**
 * Jakarta Security integration for full Jakarta EE servers: the authentication mechanism the CDI
 * extension adds when the server has Jakarta Security.
 */
package dev.multisession.cdi.security;
