package dev.celador.verify;

import dev.celador.engine.api.AdmissionDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What an admission case expects of its decision. Every field is optional and only given fields are
 * checked. Warnings and audit annotations are compared whole: the list given (in order) or the map
 * given must be exactly the decision's, so {@code warnings: []} expects none.
 *
 * @param code the HTTP code of the AdmissionReview's status: 200 when allowed, else 422 (Invalid),
 *     403 (Forbidden), ...
 * @param reason the denial's reason, such as {@code Invalid} or {@code Forbidden}
 * @param message the API server's denial message, exactly
 * @param messageRegex a pattern the message must contain a match of
 * @param warnings exactly the warnings the client must get, in order
 * @param auditAnnotations exactly the audit annotations the request must carry
 * @param mutation what the mutating admission policies must make of the object
 */
public record AdmissionExpectation(
    Optional<Boolean> allowed,
    Optional<Integer> code,
    Optional<String> reason,
    Optional<String> message,
    Optional<Pattern> messageRegex,
    Optional<List<String>> warnings,
    Optional<Map<String, String>> auditAnnotations,
    MutationExpectation mutation) {

  static final String NOT_SET = "(not set)";

  /** An expectation of the decision alone. */
  public AdmissionExpectation(
      Optional<Boolean> allowed,
      Optional<Integer> code,
      Optional<String> reason,
      Optional<String> message,
      Optional<Pattern> messageRegex,
      Optional<List<String>> warnings,
      Optional<Map<String, String>> auditAnnotations) {
    this(
        allowed,
        code,
        reason,
        message,
        messageRegex,
        warnings,
        auditAnnotations,
        MutationExpectation.NONE);
  }

  public AdmissionExpectation {
    warnings = warnings.map(List::copyOf);
    auditAnnotations = auditAnnotations.map(Map::copyOf);
  }

  /** The fields of {@code decision} that differ from this expectation, in field order. */
  public List<Mismatch> check(AdmissionDecision decision) {
    List<Mismatch> mismatches = new ArrayList<>();
    allowed
        .filter(want -> want != decision.allowed())
        .ifPresent(want -> mismatches.add(new Mismatch("allowed", "" + want, "" + !want)));
    code.filter(want -> want != decision.code())
        .ifPresent(want -> mismatches.add(new Mismatch("code", "" + want, "" + decision.code())));
    reason.ifPresent(want -> text(mismatches, "reason", want, decision.reason()));
    message.ifPresent(want -> text(mismatches, "message", want, decision.message()));
    messageRegex
        .filter(pattern -> !pattern.matcher(decision.message()).find())
        .ifPresent(
            pattern ->
                mismatches.add(
                    new Mismatch(
                        "message", "/" + pattern.pattern() + "/", shown(decision.message()))));
    warnings.ifPresent(want -> warnings(mismatches, want, decision.warnings()));
    auditAnnotations.ifPresent(want -> annotations(mismatches, want, decision.auditAnnotations()));
    return mismatches;
  }

  /** One line per warning that differs, by position, so a long warning's diff stays readable. */
  private static void warnings(List<Mismatch> out, List<String> want, List<String> actual) {
    for (int i = 0; i < Math.max(want.size(), actual.size()); i++) {
      String expected = i < want.size() ? Mismatch.quote(want.get(i)) : NOT_SET;
      String got = i < actual.size() ? Mismatch.quote(actual.get(i)) : NOT_SET;
      if (!expected.equals(got)) {
        out.add(new Mismatch("warnings[" + i + "]", expected, got));
      }
    }
  }

  /** One line per annotation key that differs, keys in name order. */
  private static void annotations(
      List<Mismatch> out, Map<String, String> want, Map<String, String> actual) {
    TreeSet<String> keys = new TreeSet<>(want.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      String expected = want.containsKey(key) ? Mismatch.quote(want.get(key)) : NOT_SET;
      String got = actual.containsKey(key) ? Mismatch.quote(actual.get(key)) : NOT_SET;
      if (!expected.equals(got)) {
        out.add(new Mismatch("auditAnnotations[" + Mismatch.quote(key) + "]", expected, got));
      }
    }
  }

  private static void text(List<Mismatch> out, String field, String want, String actual) {
    if (!want.equals(actual)) {
      out.add(new Mismatch(field, Mismatch.quote(want), shown(actual)));
    }
  }

  private static String shown(String actual) {
    return actual.isEmpty() ? HttpExpectation.NONE : Mismatch.quote(actual);
  }
}
