/**
 * The engine: authenticate a request, sign in, switch, sign out. A functional core: it reads a RequestView and returns what the response must carry.
 */
package dev.multisession.core.engine;
