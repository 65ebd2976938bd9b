package dev.celador.engine.internal.cel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Any text as the CEL {@code when} of an AccessPolicy rule. Contract: {@link
 * ExpressionCompiler#compile} never throws and returns an expression or error diagnostics; a
 * compiled expression evaluated against a fixed request returns, or fails as the engine expects
 * ({@link CelEvaluationException} or a runtime exception, both a fail-closed rule error), within
 * the per-input timeout: never an {@link Error} such as a stack overflow, never a hang.
 *
 * <p>Seeds: {@code ExpressionCompilerFuzzTestInputs/compile_anyExpression_compilesOrReports/}.
 */
class ExpressionCompilerFuzzTest {

  private static final ExpressionCompiler COMPILER = new ExpressionCompiler();
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final AuthzRequest REQUEST =
      AuthzRequest.builder()
          .source(new Peer("10.0.0.1", 40000, "spiffe://cluster.local/ns/web/sa/frontend"))
          .destination(new Peer("10.0.0.2", 8080, "spiffe://cluster.local/ns/shop/sa/orders"))
          .request(
              HttpAttributes.builder()
                  .method("POST")
                  .path("/api/orders/1?expand=items&x=%2F")
                  .host("orders.shop.svc.cluster.local")
                  .scheme("https")
                  .protocol("HTTP/2")
                  .headers(
                      Map.of(
                          "authorization", "Bearer abc.def.ghi",
                          "content-type", "application/json",
                          "x-api-key", "k-123",
                          "x-forwarded-for", "203.0.113.7, 10.0.0.1"))
                  .id("req-1")
                  .body("{\"items\":[{\"sku\":\"a\",\"qty\":2}],\"note\":\"\\u00e9\"}")
                  .build())
          .mtls(true)
          .requestedServerName("orders.shop.svc.cluster.local")
          .context(Map.of("route", "orders"))
          .build();

  @FuzzTest(maxDuration = "20s")
  void compile_anyExpression_compilesOrReports(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ExpressionCompiler.Result result =
        COMPILER.compile(FuzzExpressions.of(text), SimpleType.BOOL, "rule 'fuzz': when");
    FuzzExpressions.assertResult(result.ok(), result.diagnostics());
    if (!result.ok()) {
      return;
    }
    try {
      result.expression().evaluate(new RequestActivation(REQUEST, NOW));
    } catch (CelEvaluationException | RuntimeException e) {
      // The engine turns both into a rule error and fails closed (Evaluation, RateLimitStage).
    }
  }
}
