/**
 * The model of DESIGN §2: users, organizations, sessions, their status, and time-ordered ids.
 */
package dev.multisession.core.model;
