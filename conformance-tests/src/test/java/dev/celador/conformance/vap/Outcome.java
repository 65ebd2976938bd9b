package dev.celador.conformance.vap;

import java.util.List;

/**
 * What a client sees of one admission: allowed or not, and for a denial the HTTP code and the
 * ValidatingAdmissionPolicy message; plus the warnings. Compared field by field between the API
 * server and Celador.
 *
 * @param code the HTTP status of a denial; 0 when allowed
 * @param message the denial message from {@code ValidatingAdmissionPolicy '...'} on (the API server
 *     prefixes it with {@code <resource> "<name>" is forbidden: }, which a webhook cannot choose)
 */
record Outcome(boolean allowed, int code, String message, List<String> warnings) {

  private static final String VAP_PREFIX = "ValidatingAdmissionPolicy '";

  /**
   * Warnings are sorted: kube-apiserver walks its policies (and a policy's bindings and params) in
   * Go map order, so the order of warnings from different policies is not defined there.
   */
  Outcome {
    warnings = warnings.stream().sorted().toList();
  }

  /**
   * The policies of the case's group were refused before any request: by kube-apiserver on create
   * (compilation, program planning), by Celador on load. Why is logged, not compared: the two word
   * their diagnostics differently.
   */
  static final Outcome REJECTED = new Outcome(false, -1, "policy rejected when written", List.of());

  static Outcome allowed(List<String> warnings) {
    return new Outcome(true, 0, "", warnings);
  }

  static Outcome denied(int code, String message, List<String> warnings) {
    int start = message.indexOf(VAP_PREFIX);
    return new Outcome(false, code, start < 0 ? message : message.substring(start), warnings);
  }

  @Override
  public String toString() {
    return (allowed ? "allowed" : "denied " + code + " \"" + message + "\"")
        + (warnings.isEmpty() ? "" : " warnings " + warnings);
  }
}
