package dev.celador.cli.serve;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.decisionlog.Redactor;
import dev.celador.engine.internal.jwt.JwtFailure;
import dev.celador.extauthz.DecisionListener;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Counts and logs JWT authentication failures: {@code celador_jwt_failures_total{policy,failure}}
 * and one warn line per policy and failure code per interval ({@link FailureLog}). The labels are
 * bounded by the policy set and the fixed {@link JwtFailure} codes; the log line carries the
 * decision's reason, which never quotes the token, redacted once more for safety.
 */
final class JwtFailureMeter implements DecisionListener {

  /** The Authenticator's reasons read {@code jwt <code>: <detail>}. */
  private static final String PREFIX = "jwt ";

  private static final Set<String> CODES =
      Arrays.stream(JwtFailure.values()).map(JwtFailure::code).collect(Collectors.toSet());

  private final MeterRegistry registry;
  private final FailureLog failures;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  JwtFailureMeter(MeterRegistry registry, FailureLog failures) {
    this.registry = registry;
    this.failures = failures;
  }

  @Override
  public void onVerdict(Transport transport, AuthzRequest request, Verdict verdict, long nanos) {
    Decision decision = verdict.decision();
    if (decision == null || decision.status() != 401 || decision.reasons().isEmpty()) {
      return;
    }
    String reason = decision.reasons().get(0);
    int colon = reason.indexOf(':');
    if (!reason.startsWith(PREFIX) || colon < 0) {
      return;
    }
    String code = reason.substring(PREFIX.length(), colon);
    if (!CODES.contains(code)) {
      return;
    }
    String policy = decision.policy();
    counters
        .computeIfAbsent(
            policy + " " + code,
            k ->
                Counter.builder("celador.jwt.failures")
                    .description("Requests rejected by JWT authentication, by policy and failure")
                    .tag("policy", policy)
                    .tag("failure", code)
                    .register(registry))
        .increment();
    failures.report(
        "jwt " + policy + " " + code,
        "jwt authentication failed",
        Map.of("policy", policy, "failure", code, "reason", Redactor.text(reason)));
  }
}
