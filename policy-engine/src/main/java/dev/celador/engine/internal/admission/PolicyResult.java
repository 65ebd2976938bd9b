package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * What admission made of one policy with one of its bindings for one request: the row of {@code
 * celador apply}, of {@code eval --admission-review}'s trace and of a PolicyReport. Every policy
 * and binding of the set gets one, matched or not.
 *
 * @param binding the binding's name; "" for a policy no binding names
 * @param validationActions the binding's actions (Deny, Warn, Audit); empty without a binding
 * @param result over every param: {@code skip} when the request was not matched (see {@code
 *     detail}), {@code allow} when every validation held, else the most severe of {@code error},
 *     {@code deny}, {@code warn}, {@code audit} (see {@link AdmissionDecision.Result})
 * @param denies whether this row denies the request: a validation failed under a Deny action, or an
 *     error under failurePolicy Fail did; the request is denied iff some row denies
 * @param detail why it was skipped, or the first error; "" otherwise
 * @param validations every validation that ran, per param, in order
 */
public record PolicyResult(
    String policy,
    String binding,
    List<String> validationActions,
    AdmissionDecision.Result result,
    boolean denies,
    String detail,
    List<Validation> validations) {

  public PolicyResult {
    validationActions = List.copyOf(validationActions);
    validations = List.copyOf(validations);
  }

  /**
   * The result in the words of policy reports (Kyverno's {@code apply}, wgpolicyk8s.io
   * PolicyReports): {@code pass}, {@code fail} (a Deny failure), {@code warn}, {@code audit},
   * {@code error} or {@code skip}.
   */
  public String outcome() {
    return switch (result) {
      case ALLOW -> "pass";
      case DENY -> "fail";
      default -> result.label();
    };
  }

  /** How one validation came out. */
  public enum Check {
    PASS,
    FAIL,
    ERROR;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One validation that ran.
   *
   * @param index the position in {@code spec.validations}, from 0; -1 for an error that stands for
   *     every validation (match conditions that failed, the cost budget running out)
   * @param location where the validation's expression is written (the policy's, for index -1)
   * @param param the name of the param object it ran with, "" without params
   * @param message the failure or error message, "" when it passed
   * @param reason the failure's reason (Invalid, Forbidden, ...), "" unless it failed
   */
  public record Validation(
      int index,
      SourceLocation location,
      String param,
      Check check,
      String message,
      String reason) {}
}
