package dev.celador.engine.internal.admission;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.engine.internal.cel.CelIssues;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.Diagnostics;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What kube-apiserver accepts in admission policies but is almost certainly a mistake: a policy no
 * binding names (it never applies), a binding naming no policy (it never matches), variables
 * nothing reads, {@code params} in a policy without {@code paramKind} (always null), and conditions
 * that are constant false. Every finding is a warning, so the set loads as the API server would
 * take it; {@code celador check --strict} treats warnings as errors.
 */
final class AdmissionLint {

  static final String UNBOUND_POLICY = "unbound_policy";
  static final String BINDING_POLICY_NOT_FOUND = "binding_policy_not_found";
  static final String UNUSED_VARIABLE = "unused_variable";
  static final String PARAMS_WITHOUT_PARAM_KIND = "params_without_param_kind";
  static final String ALWAYS_FALSE = "always_false";

  private static final String PARAMS = "params";
  private static final String VARIABLES = "variables";

  /** What a false result of an expression means, for the {@code always_false} message. */
  enum Role {
    MATCH_CONDITION("the policy never applies"),
    VALIDATION("every matching request is denied"),
    OTHER(null);

    private final String whenFalse;

    Role(String whenFalse) {
      this.whenFalse = whenFalse;
    }
  }

  private AdmissionLint() {}

  /**
   * Policies that no binding names and bindings that name no policy, matched by name as {@link
   * CompiledAdmissionSet} matches them.
   */
  static void bindings(
      List<ValidatingPolicy> policies, List<PolicyBinding> bindings, Diagnostics out) {
    Set<String> bound =
        bindings.stream().map(PolicyBinding::policyName).collect(Collectors.toSet());
    Set<String> names = policies.stream().map(p -> p.metadata().name()).collect(Collectors.toSet());
    for (ValidatingPolicy policy : policies) {
      if (!bound.contains(policy.metadata().name())) {
        out.add(
            Diagnostic.warning(
                UNBOUND_POLICY,
                policy.location(),
                policy.kind()
                    + " '"
                    + policy.metadata().name()
                    + "' has no binding, so it never applies"));
      }
    }
    for (PolicyBinding binding : bindings) {
      if (!names.contains(binding.policyName())) {
        out.add(
            Diagnostic.warning(
                BINDING_POLICY_NOT_FOUND,
                binding.location(),
                binding.kind()
                    + " '"
                    + binding.metadata().name()
                    + "' names policy '"
                    + binding.policyName()
                    + "', which does not exist, so it never matches"));
      }
    }
  }

  /** One policy's expressions, scanned as each compiles; {@link #finish} reports the rest. */
  static final class PolicyScan {

    private final ValidatingPolicy policy;
    private final Diagnostics out;
    private final Set<String> usedVariables = new HashSet<>();
    private boolean complete = true;

    PolicyScan(ValidatingPolicy policy, Diagnostics out) {
      this.policy = policy;
      this.out = out;
    }

    /** Scans one compiled expression ({@code what} names its field); failures are skipped. */
    void add(Role role, String what, AdmissionCompiler.Result result) {
      if (!result.ok()) {
        complete = false; // an expression that did not compile may read any variable
        return;
      }
      Expression expression = result.compiled().source();
      CelAbstractSyntaxTree ast = result.ast();
      boolean constant = true;
      boolean paramsReported = false;
      for (CelNavigableExpr node : CelNavigableAst.fromAst(ast).getRoot().allNodes().toList()) {
        CelExpr expr = node.expr();
        if (expr.getKind() == CelExpr.ExprKind.Kind.IDENT) {
          constant = false;
          if (!paramsReported && policy.paramKind() == null && expr.ident().name().equals(PARAMS)) {
            paramsReported = true;
            out.add(
                Diagnostic.warning(
                    PARAMS_WITHOUT_PARAM_KIND,
                    CelIssues.locate(ast, expr.id(), expression),
                    "'params' is always null: policy '"
                        + policy.metadata().name()
                        + "' declares no spec.paramKind"));
          }
        } else if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT
            && expr.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT
            && expr.select().operand().ident().name().equals(VARIABLES)) {
          usedVariables.add(expr.select().field());
        }
      }
      if (constant && role.whenFalse != null && Boolean.FALSE.equals(value(result))) {
        out.add(
            Diagnostic.warning(
                ALWAYS_FALSE,
                expression.location(),
                what + " is always false, so " + role.whenFalse));
      }
    }

    /** Reports variables nothing read, once every expression of the policy has been added. */
    void finish() {
      if (!complete) {
        return;
      }
      for (ValidatingPolicy.NamedExpression variable : policy.variables()) {
        if (!usedVariables.contains(variable.name())) {
          out.add(
              Diagnostic.warning(
                  UNUSED_VARIABLE,
                  variable.expression().location(),
                  "variable '" + variable.name() + "' is never used"));
        }
      }
    }

    /** The value of an expression that reads no variable, or null if it does not evaluate. */
    private static Object value(AdmissionCompiler.Result result) {
      try {
        return result.compiled().program().eval(Map.of());
      } catch (CelEvaluationException | RuntimeException e) {
        return null; // an error is not "false"; evaluation reports it per request
      }
    }
  }
}
