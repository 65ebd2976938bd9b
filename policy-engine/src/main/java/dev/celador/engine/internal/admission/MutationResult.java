package dev.celador.engine.internal.admission;

import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import java.util.ArrayList;
import java.util.List;

/**
 * What the mutating admission policies did to one request: the object as they left it and the
 * patches they applied, in order; or a denial (an error under {@code failurePolicy: Fail}) in the
 * API server's words.
 *
 * @param object the mutated object (parsed JSON); the request's object when nothing applied
 * @param patches every mutation that changed (or tested) the object, in the order applied
 */
public record MutationResult(
    boolean allowed,
    int code,
    String reason,
    String message,
    Object object,
    List<AppliedPatch> patches) {

  public MutationResult {
    patches = List.copyOf(patches);
  }

  /** The operations one mutation of a policy applied, for one binding. */
  public record AppliedPatch(
      String policy, String binding, int mutation, List<JsonPatchOperation> operations) {
    public AppliedPatch {
      operations = List.copyOf(operations);
    }
  }

  /** kube-apiserver answers a failed mutation or match condition with 403 and reason Invalid. */
  static MutationResult denied(String message) {
    return new MutationResult(false, 403, "Invalid", message, null, List.of());
  }

  /** The API server's own failure (decoding the mutated object): 500, whatever the policy says. */
  static MutationResult internal(String message) {
    return new MutationResult(
        false, 500, "InternalError", "Internal error occurred: " + message, null, List.of());
  }

  /** A binding it cannot configure (its params) gets 403 with the reason Forbidden. */
  static MutationResult forbidden(String message) {
    return new MutationResult(false, 403, "Forbidden", message, null, List.of());
  }

  /**
   * Every applied operation in order: one RFC 6902 patch from the request's object to {@link
   * #object}.
   */
  public List<JsonPatchOperation> patch() {
    List<JsonPatchOperation> all = new ArrayList<>();
    patches.forEach(p -> all.addAll(p.operations()));
    return all;
  }
}
