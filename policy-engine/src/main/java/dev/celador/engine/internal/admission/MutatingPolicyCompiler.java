package dev.celador.engine.internal.admission;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.Diagnostics;
import dev.celador.engine.internal.ssa.KubeSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a {@code MutatingAdmissionPolicy}: match conditions and variables as for a validating
 * policy (kube-apiserver declares {@code JSONPatch} for mutations only, so a variable cannot build
 * one); each mutation, in the mutating environment ({@link MutationCel}), must evaluate to {@code
 * list(JSONPatch)} or, for an apply configuration, to {@code Object}, as the API server requires
 * when the policy is written. Each mutation that compiles is then type-checked against the schemas
 * of the kinds the policy matches ({@link MutationTypeCheck}); what it finds are warnings.
 */
final class MutatingPolicyCompiler {

  static final CelType JSON_PATCH_LIST = ListType.create(MutationCel.JSON_PATCH);
  static final String NOT_TYPE_CHECKED = "mutation_not_type_checked";

  private final AdmissionCompiler compiler;

  MutatingPolicyCompiler(AdmissionCompiler compiler) {
    this.compiler = compiler;
  }

  /**
   * @param schemas the schemas of the kinds the policy may match: built-in ones and those of the
   *     CustomResourceDefinitions loaded with it
   */
  Optional<CompiledMutatingPolicy> compile(
      MutatingPolicy policy, KubeSchemas schemas, Diagnostics diagnostics) {
    boolean ok = true;
    List<CompiledCel> conditions = new ArrayList<>();
    for (int i = 0; i < policy.matchConditions().size(); i++) {
      CompiledCel c =
          one(
              policy.matchConditions().get(i).expression(),
              AdmissionCel.Scope.MATCH_CONDITION,
              null,
              List.of(SimpleType.BOOL),
              "spec.matchConditions[" + i + "].expression",
              false,
              diagnostics);
      ok &= c != null;
      conditions.add(c);
    }
    Map<String, CelType> types = new LinkedHashMap<>();
    List<CompiledVariable> variables = new ArrayList<>();
    for (int i = 0; i < policy.variables().size(); i++) {
      var v = policy.variables().get(i);
      AdmissionCompiler.Result r =
          compiler.compile(
              v.expression(),
              AdmissionCel.Scope.VALIDATION,
              AdmissionCel.variablesType(types),
              List.of(),
              "spec.variables[" + i + "].expression",
              false);
      diagnostics.addAll(r.diagnostics());
      ok &= r.ok();
      types.put(v.name(), r.ok() ? r.type() : SimpleType.DYN);
      // Never shared: each policy sees the object as the policies before it left it.
      variables.add(new CompiledVariable(v.name(), r.compiled(), -1));
    }
    StructType variablesType = AdmissionCel.variablesType(types);
    MutationTargets targets = MutationTargets.of(policy.matchConstraints(), schemas);
    if (!targets.unchecked().isEmpty() && !policy.mutations().isEmpty()) {
      diagnostics.add(
          Diagnostic.warning(
              NOT_TYPE_CHECKED,
              policy.location(),
              "mutations not type-checked against a schema: no schema for "
                  + String.join(", ", targets.unchecked())
                  + " (a custom resource's CustomResourceDefinition can be kept with the"
                  + " policies)"));
    }
    List<CompiledMutatingPolicy.Mutation> mutations = new ArrayList<>();
    for (int i = 0; i < policy.mutations().size(); i++) {
      MutatingPolicy.Mutation m = policy.mutations().get(i);
      boolean jsonPatch = m.patchType() == MutatingPolicy.PatchType.JSON_PATCH;
      AdmissionCompiler.Result r =
          compiler.compile(
              m.expression(),
              AdmissionCel.Scope.VALIDATION,
              variablesType,
              List.of(jsonPatch ? JSON_PATCH_LIST : MutationCel.OBJECT),
              "spec.mutations["
                  + i
                  + (jsonPatch ? "].jsonPatch.expression" : "].applyConfiguration.expression"),
              true);
      diagnostics.addAll(r.diagnostics());
      ok &= r.ok();
      if (r.ok()) {
        // Only where every matched kind has a schema: an unknown one may declare anything.
        List<MutationTargets.Target> kinds =
            targets.unchecked().isEmpty() ? targets.kinds() : List.of();
        diagnostics.addAll(MutationTypeCheck.check(r.ast(), m.patchType(), kinds, m.expression()));
      }
      mutations.add(new CompiledMutatingPolicy.Mutation(m.patchType(), r.compiled()));
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(
        new CompiledMutatingPolicy(
            policy, conditions, variablesType, variables, mutations, schemas));
  }

  private CompiledCel one(
      Expression expression,
      AdmissionCel.Scope scope,
      StructType variables,
      List<CelType> allowed,
      String what,
      boolean mutating,
      Diagnostics diagnostics) {
    AdmissionCompiler.Result r =
        compiler.compile(expression, scope, variables, allowed, what, mutating);
    diagnostics.addAll(r.diagnostics());
    return r.compiled();
  }
}
