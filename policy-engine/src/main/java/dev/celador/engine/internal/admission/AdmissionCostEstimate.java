package dev.celador.engine.internal.admission;

import dev.cel.bundle.Cel;
import dev.cel.common.CelValidationException;
import dev.celador.engine.internal.cel.CostEstimator;
import dev.celador.engine.internal.cel.DeclaredSizes;
import java.util.OptionalLong;

/**
 * The worst-case cost estimate of an admission expression, for information only. kube-apiserver
 * does not estimate ValidatingAdmissionPolicy expressions when a policy is written (it type-checks
 * them, and stops an evaluation once it spends its runtime budget), so Celador does not refuse an
 * admission policy by its estimate either. The inputs are schemaless, each as large as the 3 MiB
 * request that carries it ({@link DeclaredSizes#ADMISSION}); variables are typed dyn.
 */
public final class AdmissionCostEstimate {

  private AdmissionCostEstimate() {}

  /** The estimate of {@code expression}, or empty when it does not type-check. */
  public static OptionalLong of(String expression) {
    try {
      var ast = Environment.CEL.compile(expression).getAst();
      return OptionalLong.of(CostEstimator.estimate(ast, DeclaredSizes.ADMISSION).cost());
    } catch (CelValidationException e) {
      return OptionalLong.empty();
    }
  }

  /** Built on first use: the estimate is for tests and reports, never for serving. */
  private static final class Environment {
    static final Cel CEL =
        new AdmissionCel()
            .environment(AdmissionCel.Scope.VALIDATION, AdmissionCel.UNKNOWN_VARIABLES);
  }
}
