package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.json.JsonText;
import dev.celador.engine.internal.jsonpatch.JsonDiff;
import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a mutating webhook answers for one request: the mutating policies' {@link MutationResult}
 * and one RFC 6902 patch from the request's object to the mutated one. The patch is the difference
 * of the two objects ({@link JsonDiff}), not the policies' own operations replayed: it applies to
 * exactly the object the API server sent, and an object the policies leave as it is gets no patch
 * at all, so a second call with an already mutated object (reinvocation) changes nothing when the
 * mutations are idempotent.
 *
 * @param patch empty when the object did not change or the mutation was denied
 * @param patchJson {@code patch} as compact JSON text, "" when empty
 */
public record AdmissionMutation(
    MutationResult result, List<JsonPatchOperation> patch, String patchJson) {

  public AdmissionMutation {
    patch = List.copyOf(patch);
  }

  /** The mutation of {@code request} that {@code result} describes. */
  public static AdmissionMutation of(AdmissionRequest request, MutationResult result) {
    if (!result.allowed() || request.object() == null) {
      return new AdmissionMutation(result, List.of(), "");
    }
    List<JsonPatchOperation> patch = JsonDiff.between(request.object(), result.object());
    if (patch.isEmpty()) {
      return new AdmissionMutation(result, patch, "");
    }
    List<Object> json = new ArrayList<>(patch.size());
    patch.forEach(op -> json.add(op.toJson()));
    return new AdmissionMutation(result, patch, JsonText.write(JsonText.Style.GO, json));
  }

  /** Allowed, {@code request}'s object as it is, no patch. */
  public static AdmissionMutation unchanged(AdmissionRequest request) {
    return of(request, new MutationResult(true, 200, "", "", request.object(), List.of()));
  }

  /** The answer when the mutation could not be computed at all: the denial, nothing applied. */
  public static AdmissionMutation failed(int code, String reason, String message) {
    return new AdmissionMutation(
        new MutationResult(false, code, reason, message, null, List.of()), List.of(), "");
  }

  public boolean changed() {
    return !patch.isEmpty();
  }

  /**
   * The mutation as a transport-neutral decision (no warnings, annotations or per-policy results),
   * for the parts of the webhook that speak in decisions: the review's status, metrics, logs.
   */
  public AdmissionDecision decision() {
    return new AdmissionDecision(
        result.allowed(),
        result.allowed() ? 200 : result.code(),
        result.reason(),
        result.message(),
        List.of(),
        Map.of());
  }

  /**
   * Every policy and binding whose mutation changed or tested the object, once each, in the order
   * they first applied.
   */
  public List<Applier> appliedBy() {
    return result.patches().stream()
        .map(p -> new Applier(p.policy(), p.binding()))
        .distinct()
        .toList();
  }

  /** A policy with one of its bindings. */
  public record Applier(String policy, String binding) {}
}
