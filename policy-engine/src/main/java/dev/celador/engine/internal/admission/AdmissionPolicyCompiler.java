package dev.celador.engine.internal.admission;

import dev.cel.common.types.CelType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.celador.engine.internal.model.CustomResourceDefinition;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.MutatingPolicyBinding;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.parse.UncheckedExpression;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.Diagnostics;
import dev.celador.engine.internal.ssa.KubeSchemas;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles the admission documents of a load (policies and bindings) into a {@link
 * CompiledAdmissionSet}, reporting every CEL problem at its position. Variables compile in order,
 * each seeing the types of the ones before it, as in kube-apiserver.
 */
public final class AdmissionPolicyCompiler {

  private static final List<CelType> AUDIT_TYPES =
      List.of(SimpleType.STRING, NullableType.create(SimpleType.STRING), SimpleType.NULL_TYPE);

  private final AdmissionCompiler compiler = new AdmissionCompiler();
  private final MutatingPolicyCompiler mutatingCompiler = new MutatingPolicyCompiler(compiler);

  /** The compiled set, or empty with the diagnostics that prevented it. */
  public record Result(Optional<CompiledAdmissionSet> set, List<Diagnostic> diagnostics) {}

  public Result compile(List<PolicyDocument> documents) {
    return compile(documents, "");
  }

  /** Like {@link #compile(List)}, the set stamped with the sources' {@code revision}. */
  public Result compile(List<PolicyDocument> documents, String revision) {
    Diagnostics diagnostics = new Diagnostics();
    List<CompiledAdmissionPolicy> policies = new ArrayList<>();
    List<ValidatingPolicy> written = new ArrayList<>();
    List<PolicyBinding> bindings = new ArrayList<>();
    Map<String, Integer> chains = new HashMap<>();
    List<CompiledMutatingPolicy> mutating = new ArrayList<>();
    List<MutatingPolicyBinding> mutatingBindings = new ArrayList<>();
    KubeSchemas schemas = schemas(documents, diagnostics);
    for (PolicyDocument document : documents) {
      if (document instanceof MutatingPolicy policy) {
        mutatingCompiler.compile(policy, schemas, diagnostics).ifPresent(mutating::add);
      } else if (document instanceof MutatingPolicyBinding binding) {
        mutatingBindings.add(binding);
      } else if (document instanceof ValidatingPolicy policy) {
        written.add(policy);
        compilePolicy(policy, chains, diagnostics).ifPresent(policies::add);
      } else if (document instanceof PolicyBinding binding) {
        bindings.add(binding);
      }
    }
    AdmissionLint.bindings(written, bindings, diagnostics);
    if (diagnostics.hasErrors()) {
      return new Result(Optional.empty(), diagnostics.toList());
    }
    policies.sort(Comparator.comparing(CompiledAdmissionPolicy::name));
    bindings.sort(Comparator.comparing(b -> b.metadata().name()));
    mutating.sort(Comparator.comparing(CompiledMutatingPolicy::name));
    mutatingBindings.sort(Comparator.comparing(b -> b.metadata().name()));
    return new Result(
        Optional.of(
            new CompiledAdmissionSet(
                policies,
                bindings,
                chains.size(),
                revision,
                new MutatingPolicies(mutating, mutatingBindings),
                new MutationConditionTrace(mutating, mutatingBindings))),
        diagnostics.toList());
  }

  /**
   * The built-in schemas with those of the CustomResourceDefinitions among {@code documents}; a
   * definition whose schemas cannot be read is an error at its position.
   */
  private static KubeSchemas schemas(List<PolicyDocument> documents, Diagnostics diagnostics) {
    KubeSchemas schemas = KubeSchemas.builtIn();
    for (PolicyDocument document : documents) {
      if (document instanceof CustomResourceDefinition crd) {
        try {
          schemas = schemas.withCustomResources(List.of(crd.object()));
        } catch (IllegalArgumentException e) {
          diagnostics.add(
              Diagnostic.error(
                  "invalid_custom_resource_definition", crd.location(), e.getMessage()));
        }
      }
    }
    return schemas;
  }

  /**
   * Type-checks the admission expressions of documents that will not load (schema errors), for
   * their diagnostics alone: each in the scope its field implies, with variables of unknown type.
   */
  public List<Diagnostic> check(List<UncheckedExpression> expressions) {
    Diagnostics diagnostics = new Diagnostics();
    for (UncheckedExpression e : expressions) {
      if (!e.admission()) {
        continue;
      }
      String what = e.what();
      if (what.contains("mutations")) {
        diagnostics.addAll(
            compiler
                .compile(
                    e.expression(),
                    AdmissionCel.Scope.VALIDATION,
                    AdmissionCel.UNKNOWN_VARIABLES,
                    List.of(
                        what.contains("jsonPatch")
                            ? MutatingPolicyCompiler.JSON_PATCH_LIST
                            : MutationCel.OBJECT),
                    what,
                    true)
                .diagnostics());
        continue;
      }
      AdmissionCel.Scope scope = AdmissionCel.Scope.VALIDATION;
      List<CelType> allowed = List.of(SimpleType.BOOL);
      if (what.contains("matchConditions")) {
        scope = AdmissionCel.Scope.MATCH_CONDITION;
      } else if (what.endsWith("messageExpression")) {
        scope = AdmissionCel.Scope.MESSAGE;
        allowed = List.of(SimpleType.STRING);
      } else if (what.contains("auditAnnotations")) {
        scope = AdmissionCel.Scope.MESSAGE;
        allowed = AUDIT_TYPES;
      } else if (what.contains("variables")) {
        allowed = List.of();
      }
      one(e.expression(), scope, AdmissionCel.UNKNOWN_VARIABLES, allowed, what, diagnostics);
    }
    return diagnostics.toList();
  }

  /**
   * {@code chains} numbers variable definition chains across the set: a variable's chain is its own
   * name and expression after those of every variable before it, which (in the same scope, where
   * {@code params} is always dyn) fixes its type and its value for given inputs.
   */
  private Optional<CompiledAdmissionPolicy> compilePolicy(
      ValidatingPolicy policy, Map<String, Integer> chains, Diagnostics diagnostics) {
    AdmissionLint.PolicyScan scan = new AdmissionLint.PolicyScan(policy, diagnostics);
    boolean ok = true;
    List<CompiledCel> conditions = new ArrayList<>();
    for (int i = 0; i < policy.matchConditions().size(); i++) {
      var c = policy.matchConditions().get(i);
      String at = "spec.matchConditions[" + i + "].expression";
      CompiledCel compiled =
          scanned(
              scan,
              AdmissionLint.Role.MATCH_CONDITION,
              at,
              one(
                  c.expression(),
                  AdmissionCel.Scope.MATCH_CONDITION,
                  null,
                  List.of(SimpleType.BOOL),
                  at,
                  diagnostics));
      ok &= compiled != null;
      conditions.add(compiled);
    }
    Map<String, CelType> types = new LinkedHashMap<>();
    List<CompiledVariable> variables = new ArrayList<>();
    StringBuilder chain = new StringBuilder();
    for (int i = 0; i < policy.variables().size(); i++) {
      var v = policy.variables().get(i);
      AdmissionCompiler.Result r =
          one(
              v.expression(),
              AdmissionCel.Scope.VALIDATION,
              AdmissionCel.variablesType(types),
              List.of(),
              "spec.variables[" + i + "].expression",
              diagnostics);
      scanned(scan, AdmissionLint.Role.OTHER, "spec.variables[" + i + "].expression", r);
      ok &= r.ok();
      types.put(v.name(), r.ok() ? r.type() : SimpleType.DYN);
      chain.append(v.name()).append('\u0000').append(v.expression().text()).append('\u0000');
      int shareId = chains.computeIfAbsent(chain.toString(), k -> chains.size());
      variables.add(new CompiledVariable(v.name(), r.compiled(), shareId));
    }
    StructType variablesType = AdmissionCel.variablesType(types);
    List<CompiledAdmissionPolicy.CompiledValidation> validations = new ArrayList<>();
    for (int i = 0; i < policy.validations().size(); i++) {
      var v = policy.validations().get(i);
      String at = "spec.validations[" + i + "]";
      CompiledCel expression =
          scanned(
              scan,
              AdmissionLint.Role.VALIDATION,
              at + ".expression",
              one(
                  v.expression(),
                  AdmissionCel.Scope.VALIDATION,
                  variablesType,
                  List.of(SimpleType.BOOL),
                  at + ".expression",
                  diagnostics));
      CompiledCel message =
          v.messageExpression() == null
              ? null
              : scanned(
                  scan,
                  AdmissionLint.Role.OTHER,
                  at + ".messageExpression",
                  one(
                      v.messageExpression(),
                      AdmissionCel.Scope.MESSAGE,
                      variablesType,
                      List.of(SimpleType.STRING),
                      at + ".messageExpression",
                      diagnostics));
      ok &= expression != null && (v.messageExpression() == null || message != null);
      validations.add(new CompiledAdmissionPolicy.CompiledValidation(v, expression, message));
    }
    List<CompiledAdmissionPolicy.CompiledAudit> audits = new ArrayList<>();
    for (int i = 0; i < policy.auditAnnotations().size(); i++) {
      var a = policy.auditAnnotations().get(i);
      CompiledCel value =
          scanned(
              scan,
              AdmissionLint.Role.OTHER,
              "spec.auditAnnotations[" + i + "].valueExpression",
              one(
                  a.valueExpression(),
                  AdmissionCel.Scope.MESSAGE,
                  variablesType,
                  AUDIT_TYPES,
                  "spec.auditAnnotations[" + i + "].valueExpression",
                  diagnostics));
      ok &= value != null;
      audits.add(new CompiledAdmissionPolicy.CompiledAudit(a.key(), value));
    }
    scan.finish();
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(
        new CompiledAdmissionPolicy(
            policy, conditions, variablesType, variables, validations, audits));
  }

  private AdmissionCompiler.Result one(
      dev.celador.engine.internal.model.Expression expression,
      AdmissionCel.Scope scope,
      StructType variables,
      List<CelType> allowed,
      String what,
      Diagnostics diagnostics) {
    AdmissionCompiler.Result r = compiler.compile(expression, scope, variables, allowed, what);
    diagnostics.addAll(r.diagnostics());
    return r;
  }

  /** Hands {@code r} to the policy's lint scan; its compiled expression, null if it failed. */
  private static CompiledCel scanned(
      AdmissionLint.PolicyScan scan,
      AdmissionLint.Role role,
      String what,
      AdmissionCompiler.Result r) {
    scan.add(role, what, r);
    return r.compiled();
  }
}
