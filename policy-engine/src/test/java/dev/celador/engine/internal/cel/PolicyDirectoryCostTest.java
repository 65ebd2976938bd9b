package dev.celador.engine.internal.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.celador.engine.internal.admission.AdmissionCostEstimate;
import dev.celador.engine.internal.admission.AdmissionPolicyCompiler;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.parse.LoadedSources;
import dev.celador.engine.internal.parse.PolicyLoader;
import dev.celador.engine.internal.source.Diagnostic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every policy the project ships ({@code policies/}: examples, mesh, best-practice, pod-security)
 * loads under the cost limit, and the estimates are printed so the headroom is visible.
 */
class PolicyDirectoryCostTest {

  private static final Path POLICIES = Path.of("../policies");

  private static LoadedSources sources() {
    LoadedSources loaded = new PolicyLoader().load(List.of(POLICIES));
    assertThat(loaded.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    return loaded;
  }

  @Test
  void compile_everyHttpExpressionUnderPolicies_isUnderTheLimit() {
    ExpressionCompiler compiler = new ExpressionCompiler();
    List<Map.Entry<String, Long>> estimates = new ArrayList<>();
    for (var e : httpExpressions(sources().documents()).entrySet()) {
      ExpressionCompiler.Result result = compiler.compile(e.getKey(), e.getValue(), "expression");
      assertThat(result.diagnostics()).as(e.getKey().text()).isEmpty();
      estimates.add(Map.entry(e.getKey().text(), CostEstimatorTest.cost(e.getKey().text())));
    }
    estimates.sort(Map.Entry.comparingByValue(Comparator.reverseOrder()));
    System.out.println("Costliest HTTP expression under policies/: " + estimates.get(0));
    assertThat(estimates).hasSizeGreaterThan(10);
    assertThat(estimates.get(0).getValue()).isBetween(1L, CostLimit.PER_CALL_LIMIT);
  }

  @Test
  void compile_everyAdmissionPolicyUnderPolicies_loadsWithoutCostError() {
    List<PolicyDocument> documents = sources().documents();
    var compiled = new AdmissionPolicyCompiler().compile(documents);
    assertThat(compiled.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    assertThat(compiled.set()).isPresent();

    // For information: kube-apiserver does not refuse admission policies by their estimate.
    List<Map.Entry<String, Long>> estimates = new ArrayList<>();
    for (Expression e : admissionExpressions(documents)) {
      var estimate = AdmissionCostEstimate.of(e.text());
      assertThat(estimate).as(e.text()).isPresent();
      estimates.add(Map.entry(e.text(), estimate.getAsLong()));
    }
    estimates.sort(Map.Entry.comparingByValue(Comparator.reverseOrder()));
    System.out.println(
        "Admission expressions under policies/: "
            + estimates.size()
            + ", over 1,000,000 with schemaless 3 MiB inputs: "
            + estimates.stream().filter(x -> x.getValue() > CostLimit.PER_CALL_LIMIT).count()
            + "; costliest "
            + CostLimit.format(estimates.get(0).getValue())
            + ": "
            + estimates.get(0).getKey());
    assertThat(estimates).hasSizeGreaterThan(10);
  }

  static Map<Expression, CelType> httpExpressions(List<PolicyDocument> documents) {
    Map<Expression, CelType> all = new java.util.LinkedHashMap<>();
    for (PolicyDocument d : documents) {
      if (d instanceof AccessPolicy p) {
        p.rules().forEach(r -> all.put(r.when(), SimpleType.BOOL));
        p.allowHeaders().forEach(h -> all.put(h.value(), SimpleType.STRING));
      } else if (d instanceof RateLimitPolicy p) {
        for (var limit : p.limits()) {
          all.put(limit.key(), SimpleType.STRING);
          limit.when().ifPresent(w -> all.put(w, SimpleType.BOOL));
        }
      }
    }
    return all;
  }

  static List<Expression> admissionExpressions(List<PolicyDocument> documents) {
    List<Expression> all = new ArrayList<>();
    for (PolicyDocument d : documents) {
      if (d instanceof ValidatingPolicy p) {
        p.matchConditions().forEach(c -> all.add(c.expression()));
        p.variables().forEach(v -> all.add(v.expression()));
        for (var v : p.validations()) {
          all.add(v.expression());
          if (v.messageExpression() != null) {
            all.add(v.messageExpression());
          }
        }
        p.auditAnnotations().forEach(a -> all.add(a.valueExpression()));
      }
    }
    return all;
  }
}
