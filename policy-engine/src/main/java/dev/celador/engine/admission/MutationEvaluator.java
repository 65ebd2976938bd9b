package dev.celador.engine.admission;

import dev.cel.common.values.StructValue;
import dev.celador.engine.cel.CostBudget;
import dev.celador.engine.cel.JsonValues;
import dev.celador.engine.cel.k8s.AuthzCheck;
import dev.celador.engine.jsonpatch.JsonDiff;
import dev.celador.engine.jsonpatch.JsonPatch;
import dev.celador.engine.jsonpatch.JsonPatchException;
import dev.celador.engine.jsonpatch.JsonPatchOperation;
import dev.celador.engine.model.MutatingPolicy;
import dev.celador.engine.ssa.StructuredMerge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one mutating policy for one binding and one param, as kube-apiserver does: match
 * conditions on the object as it arrives; then each mutation in order, each seeing the object as
 * the mutations before it left it, its {@code JSONPatch} list applied at once. A patch whose {@code
 * test} fails is dropped without an error.
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
   * The object after this evaluation, with the patches applied; {@code error} set (and nothing
   * applied) when an expression or a patch failed; {@code skipped} when match conditions said no.
   */
  record Outcome(Object object, List<MutationResult.AppliedPatch> applied, String error) {}

  private MutationEvaluator() {}

  static Outcome evaluate(
      CompiledMutatingPolicy compiled,
      String binding,
      Inputs inputs,
      Object param,
      Object object,
      boolean fail) {
    Object paramCel = param == null ? null : JsonValues.toCel(param);
    MatchConditions.Verdict verdict =
        MatchConditions.evaluate(
            compiled.matchConditions(), activation(inputs, paramCel, object), fail);
    if (!verdict.applies()) {
      return new Outcome(object, List.of(), verdict.error());
    }
    CostBudget budget = new CostBudget(BUDGET);
    List<MutationResult.AppliedPatch> applied = new ArrayList<>();
    Object current = object;
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
          operations = operations(result);
          current = JsonPatch.apply(current, operations);
        } else {
          Object merged =
              ApplyConfigurations.apply(current, result, inputs.kind(), compiled.schemas());
          operations = JsonDiff.between(current, merged);
          current = merged;
        }
        applied.add(new MutationResult.AppliedPatch(compiled.name(), binding, i, operations));
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
          continue;
        }
        error = "JSON Patch: " + e.getMessage();
      } catch (StructuredMerge.ApplyException e) {
        error = "error applying patch: " + e.getMessage();
      }
      // Under Fail the request is denied; under Ignore only this mutation is left out.
      if (fail) {
        return new Outcome(object, List.of(), error);
      }
    }
    return new Outcome(current, applied, null);
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
