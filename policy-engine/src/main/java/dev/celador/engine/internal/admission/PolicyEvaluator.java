package dev.celador.engine.internal.admission;

import dev.celador.engine.internal.cel.CostBudget;
import dev.celador.engine.internal.cel.JsonValues;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.ValidatingPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates one policy for one binding and one param, as kube-apiserver's validator does: match
 * conditions on their own 2.5M budget; then every validation (no short-circuit) and, for the failed
 * ones, message expressions on the remaining 10M budget; then audit annotations on a fresh budget.
 */
final class PolicyEvaluator {

  static final long BUDGET = 10_000_000;
  static final int MAX_MESSAGE_BYTES = 5 * 1024;

  /**
   * What one validation (or, when {@code whole}, an error standing in for all of them: match
   * conditions that failed, the budget running out) decided.
   */
  record Outcome(
      boolean deny, boolean error, String message, String reason, int index, boolean whole) {

    Outcome(boolean deny, boolean error, String message, String reason, int index) {
      this(deny, error, message, reason, index, false);
    }
  }

  /**
   * One published audit annotation value; a null key means an error, whose value is the message
   * (only under Fail, where it denies).
   */
  record Audit(String key, String value) {}

  /**
   * Every outcome and audit value of one evaluation; empty when match conditions said no, and then
   * {@code skipped} says why ("" otherwise).
   */
  record Result(List<Outcome> outcomes, List<Audit> audits, String skipped) {

    Result(List<Outcome> outcomes, List<Audit> audits) {
      this(outcomes, audits, "");
    }

    static Result skipped(String why) {
      return new Result(List.of(), List.of(), why);
    }

    boolean isSkipped() {
      return !skipped.isEmpty();
    }
  }

  private PolicyEvaluator() {}

  static Result evaluate(CompiledAdmissionPolicy compiled, AdmissionActivation activation) {
    ValidatingPolicy policy = compiled.policy();
    boolean fail = policy.failurePolicy() == FailurePolicy.FAIL;
    if (!compiled.matchConditions().isEmpty()) {
      Result gate = matchConditions(compiled, activation, fail);
      if (gate != null) {
        return gate;
      }
    }
    CostBudget budget = new CostBudget(BUDGET);
    activation.setVariables(
        new LazyVariables(compiled.variablesType(), compiled.variables(), activation, budget));
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < compiled.validations().size(); i++) {
      var v = compiled.validations().get(i);
      try {
        Object result = v.expression().evaluate(activation, budget);
        if (Boolean.TRUE.equals(result)) {
          outcomes.add(new Outcome(false, false, "", "", i));
        } else {
          outcomes.add(null); // message decided below, after every validation ran
        }
      } catch (CompiledCel.EvaluationError e) {
        if (e.outOfBudget()) {
          return outOfBudget(fail);
        }
        outcomes.add(
            new Outcome(
                fail,
                true,
                "expression '" + v.expression().text() + "' resulted in error: " + e.getMessage(),
                "",
                i));
      }
    }
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) == null) {
        var v = compiled.validations().get(i);
        String reason = v.source().reason() == null ? "Invalid" : v.source().reason();
        String message;
        try {
          message = message(v, activation, budget);
        } catch (CompiledCel.EvaluationError e) {
          outcomes.set(
              i, new Outcome(fail, true, "failed messageExpression: " + e.getMessage(), "", i));
          continue;
        }
        outcomes.set(i, new Outcome(true, false, message, reason, i));
      }
    }
    return new Result(outcomes, auditsOf(compiled, activation, fail, new ArrayList<>()));
  }

  private static Result outOfBudget(boolean fail) {
    return new Result(
        List.of(
            new Outcome(
                fail,
                true,
                "validation failed due to running out of cost budget, no further validation rules"
                    + " will be run",
                "",
                0,
                true)),
        List.of());
  }

  /** Null when the conditions matched; a skip or an error result otherwise. */
  private static Result matchConditions(
      CompiledAdmissionPolicy compiled, AdmissionActivation activation, boolean fail) {
    MatchConditions.Verdict verdict =
        MatchConditions.evaluate(compiled.matchConditions(), activation, fail);
    if (verdict.applies()) {
      return null;
    }
    if (verdict.firstFalse() >= 0) {
      return Result.skipped(
          "matchCondition '"
              + compiled.policy().matchConditions().get(verdict.firstFalse()).name()
              + "' is false");
    }
    if (verdict.ignored() != null) {
      return Result.skipped(
          "matchConditions failed, ignored (failurePolicy Ignore): " + verdict.ignored());
    }
    return new Result(List.of(new Outcome(true, true, verdict.error(), "", 0, true)), List.of());
  }

  /** The failure message: messageExpression, else message, else "failed expression: ...". */
  private static String message(
      CompiledAdmissionPolicy.CompiledValidation v,
      AdmissionActivation activation,
      CostBudget budget)
      throws CompiledCel.EvaluationError {
    String message = "";
    if (v.messageExpression() != null) {
      try {
        Object result = v.messageExpression().evaluate(activation, budget);
        if (result instanceof String s) {
          message = s.strip();
          if (message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES
              || message.contains("\n")) {
            message = "";
          }
        }
      } catch (CompiledCel.EvaluationError e) {
        if (e.outOfBudget() || e.getMessage().contains("cost limit")) {
          throw e;
        }
        // Any other error falls back to the static message, as kube-apiserver does.
      }
    }
    if (message.isEmpty() && v.source().message() != null && !v.source().message().isBlank()) {
      message = v.source().message().strip();
    }
    if (message.isEmpty()) {
      message = "failed expression: " + v.expression().text().strip();
    }
    return message;
  }

  private static List<Audit> auditsOf(
      CompiledAdmissionPolicy compiled,
      AdmissionActivation activation,
      boolean fail,
      List<Audit> out) {
    CostBudget budget = new CostBudget(BUDGET);
    for (var audit : compiled.audits()) {
      try {
        Object value = audit.valueExpression().evaluate(activation, budget);
        if (value instanceof String s) {
          String trimmed = s.strip();
          if (!trimmed.isEmpty()) {
            out.add(
                new Audit(
                    audit.key(),
                    trimmed.length() > 10 * 1024 ? trimmed.substring(0, 10 * 1024) : trimmed));
          }
        } else if (!JsonValues.isNull(value)) {
          if (fail) {
            out.add(
                new Audit(
                    null,
                    "valueExpression '"
                        + audit.valueExpression().text()
                        + "' resulted in unsupported return type: "
                        + dev.celador.engine.internal.cel.k8s.KubeTypeNames.of(value)
                        + ". Return type must be either string or null."));
          }
        }
      } catch (CompiledCel.EvaluationError e) {
        if (fail) {
          out.add(
              new Audit(
                  null,
                  "expression '"
                      + audit.valueExpression().text()
                      + "' resulted in error: "
                      + e.getMessage()));
        }
      }
    }
    return out;
  }
}
