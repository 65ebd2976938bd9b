package dev.celador.engine.internal.admission;

import dev.cel.common.values.StructValue;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.CostBudget;
import dev.celador.engine.internal.cel.JsonValues;
import dev.celador.engine.internal.cel.k8s.AuthzCheck;
import dev.celador.engine.internal.jsonpatch.JsonDiff;
import dev.celador.engine.internal.jsonpatch.JsonPatch;
import dev.celador.engine.internal.jsonpatch.JsonPatchException;
import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.ssa.KubeSchemas;
import dev.celador.engine.internal.ssa.StructuredMerge;
import dev.celador.engine.internal.ssa.TypedDecoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one invocation of a mutating policy (one binding, one param), as kube-apiserver does:
 * match conditions on the object as it arrives; then each mutation in order, each seeing the object
 * as the mutations before it left it, its {@code JSONPatch} list applied at once. A patch whose
 * {@code test} fails is dropped without an error.
 */
final class MutationEvaluator {

  static final long BUDGET = 10_000_000;

  /** The request's values that stay the same while the object changes. */
  record Inputs(
      AdmissionRequest.Gvk kind,
      Object oldObject,
      MapStruct request,
      Object namespaceObject,
      AuthzCheck authorizer,
      AuthzCheck requestResource) {}

  /**
   * The object after one invocation's mutations, with the patches applied; {@code error} set (and
   * the object as it arrived) when an expression or a patch failed under {@code Fail}; {@code
   * dirty} when any mutation succeeded, a JSON patch whose {@code test} failed included (the API
   * server then asks for reinvocation even when nothing changed).
   */
  record Outcome(
      Object object,
      List<MutationResult.AppliedPatch> applied,
      String error,
      boolean dirty,
      boolean internal) {}

  private MutationEvaluator() {}

  /** The policy's match conditions on the object as it arrives at this invocation. */
  static MatchConditions.Verdict conditions(
      CompiledMutatingPolicy compiled,
      Inputs inputs,
      Object paramCel,
      Object object,
      boolean fail) {
    return MatchConditions.evaluate(
        compiled.matchConditions(), activation(inputs, paramCel, object), fail);
  }

  /**
   * Each mutation in order, each on the object the ones before it left. A failing mutation is left
   * out: under {@code Ignore} the next one runs; under {@code Fail} the request is denied with the
   * first error, so nothing after it can change the answer and evaluation stops.
   */
  static Outcome mutate(
      CompiledMutatingPolicy compiled,
      String binding,
      Inputs inputs,
      Object paramCel,
      Object object,
      boolean fail) {
    CostBudget budget = new CostBudget(BUDGET);
    List<MutationResult.AppliedPatch> applied = new ArrayList<>();
    Object current = object;
    boolean dirty = false;
    for (int i = 0; i < compiled.mutations().size(); i++) {
      CompiledMutatingPolicy.Mutation mutation = compiled.mutations().get(i);
      AdmissionActivation activation = activation(inputs, paramCel, current);
      activation.setVariables(
          new LazyVariables(compiled.variablesType(), compiled.variables(), activation, budget));
      String error;
      try {
        Object result = mutation.expression().evaluate(activation, budget);
        List<JsonPatchOperation> operations;
        if (mutation.patchType() == MutatingPolicy.PatchType.JSON_PATCH) {
          for (Object op : (List<?>) result) {
            Object fields = op instanceof MapStruct patch ? patch.value() : op;
            if (fields instanceof Map<?, ?> patch) {
              ObjectTypeNames.check(patch.get("value"));
            }
          }
          operations = operations(result);
          current = decode(JsonPatch.apply(current, operations), inputs.kind());
        } else {
          ObjectTypeNames.check(result);
          Object merged =
              ApplyConfigurations.apply(current, result, inputs.kind(), compiled.schemas());
          operations = JsonDiff.between(current, merged);
          current = merged;
        }
        applied.add(new MutationResult.AppliedPatch(compiled.name(), binding, i, operations));
        dirty = true;
        continue;
      } catch (CompiledCel.EvaluationError e) {
        error =
            "expression '"
                + mutation.expression().text().strip()
                + "' resulted in error: "
                + e.getMessage();
      } catch (IllegalArgumentException e) {
        error =
            (mutation.patchType() == MutatingPolicy.PatchType.JSON_PATCH
                    ? "JSON Patch: "
                    : "error applying patch: ")
                + e.getMessage();
      } catch (JsonPatchException e) {
        if (e.testFailed()) {
          dirty = true;
          continue;
        }
        error = "JSON Patch: " + e.getMessage();
      } catch (StructuredMerge.ApplyException e) {
        error = "error applying patch: " + e.getMessage();
      } catch (ObjectTypeNames.Mismatch e) {
        error = "type mismatch: " + e.getMessage();
      } catch (TypedDecoding.StrictDecodingException e) {
        // Not the policy's failure but the API server's (500), whatever the failure policy.
        return new Outcome(object, List.of(), e.getMessage(), dirty, true);
      }
      if (fail) {
        return new Outcome(object, List.of(), error, dirty, false);
      }
    }
    return new Outcome(current, applied, null, dirty, false);
  }

  /**
   * A JSON-patched object of a built-in kind as decoding it into its Go type leaves it; a custom
   * resource stays as patched (the API server decodes it into an unstructured map).
   */
  private static Object decode(Object patched, AdmissionRequest.Gvk kind)
      throws TypedDecoding.StrictDecodingException {
    var schema = KubeSchemas.builtIn().forKind(kind.group(), kind.version(), kind.kind());
    return schema.isPresent() ? TypedDecoding.decode(patched, schema.get()) : patched;
  }

  private static AdmissionActivation activation(Inputs inputs, Object param, Object object) {
    return new AdmissionActivation(
        JsonValues.toCel(object),
        inputs.oldObject(),
        inputs.request(),
        param,
        inputs.namespaceObject(),
        inputs.authorizer(),
        inputs.requestResource(),
        null);
  }

  /** The {@code JSONPatch} values of a mutation's result as patch operations. */
  private static List<JsonPatchOperation> operations(Object result) {
    List<JsonPatchOperation> out = new ArrayList<>();
    for (Object item : (List<?>) result) {
      // The runtime hands struct values back as their field maps; the type check made them
      // JSONPatch values.
      Object fieldsValue = item instanceof StructValue<?, ?> struct ? struct.value() : item;
      if (!(fieldsValue instanceof Map<?, ?> fields)) {
        throw new IllegalArgumentException("expected a JSONPatch, got " + item);
      }
      out.add(
          new JsonPatchOperation(
              text(fields.get("op")),
              text(fields.get("path")),
              text(fields.get("from")),
              CelJson.of(fields.get("value")),
              fields.containsKey("value")));
    }
    return out;
  }

  private static String text(Object value) {
    return value instanceof String s ? s : "";
  }
}
