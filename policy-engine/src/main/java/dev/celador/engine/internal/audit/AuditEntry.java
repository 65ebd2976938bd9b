package dev.celador.engine.internal.audit;

/**
 * One result of an audit: what one policy with one binding made of one stored object, in the words
 * of a wgpolicyk8s.io PolicyReport result.
 *
 * @param policy the policy's name
 * @param rule the binding's name (the policy's when no binding names it)
 * @param result {@code pass}, {@code fail} (the webhook would deny), {@code warn} (a validation
 *     failed under the Warn or Audit action) or {@code error}
 * @param message the first failed validation's message or the error; "" when it passed
 * @param resource the object judged
 */
public record AuditEntry(
    String policy, String rule, String result, String message, ResourceRef resource) {

  /** A stored object as a PolicyReport's {@code resources[]} names it. */
  public record ResourceRef(
      String apiVersion, String kind, String namespace, String name, String uid) {}
}
