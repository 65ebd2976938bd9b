package dev.celador.engine.internal.model;

/** What an {@link AccessPolicy} does when one of its rules matches. */
public enum Action {
  /** Requests to the target must match a rule of some ALLOW policy. */
  ALLOW,
  /** A matching request is denied, whatever any ALLOW policy says. */
  DENY,
  /** A match is recorded in the trace and decision log; the outcome never changes. */
  AUDIT
}
