/**
 * The model of docs/how-it-works.md: "Model": users, organizations, sessions, their status, and time-ordered ids.
 */
package dev.multisession.core.model;
