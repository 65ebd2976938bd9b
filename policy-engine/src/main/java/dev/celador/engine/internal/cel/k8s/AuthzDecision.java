package dev.celador.engine.internal.cel.k8s;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;

/**
 * An authorizer's answer, as CEL's {@code Decision}: {@code allowed()} only for an explicit allow;
 * "no opinion" and "deny" both read as not allowed.
 */
@Immutable
public final class AuthzDecision extends OpaqueValue {

  /** The three answers a Kubernetes authorizer gives. */
  public enum Verdict {
    ALLOW,
    DENY,
    NO_OPINION
  }

  private final Verdict verdict;
  private final String reason;
  private final String error;

  public AuthzDecision(Verdict verdict, String reason, String error) {
    this.verdict = verdict;
    this.reason = reason == null ? "" : reason;
    this.error = error == null ? "" : error;
  }

  public static AuthzDecision noOpinion() {
    return new AuthzDecision(Verdict.NO_OPINION, "", "");
  }

  public Verdict verdict() {
    return verdict;
  }

  boolean allowed() {
    return verdict == Verdict.ALLOW;
  }

  String reason() {
    return reason;
  }

  boolean errored() {
    return !error.isEmpty();
  }

  String error() {
    return error;
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return KubeTypes.DECISION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthzDecision d
        && d.verdict == verdict
        && d.reason.equals(reason)
        && d.error.equals(error);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(verdict, reason, error);
  }

  @Override
  public String toString() {
    return verdict + (reason.isEmpty() ? "" : ": " + reason);
  }
}
