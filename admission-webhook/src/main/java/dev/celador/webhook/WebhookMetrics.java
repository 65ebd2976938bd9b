package dev.celador.webhook;

import dev.celador.engine.admission.AdmissionDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The webhook's Prometheus metrics. Labels are policy and binding names, results and codes, never
 * object names, namespaces or users, so cardinality stays that of the policy set.
 *
 * <ul>
 *   <li>{@code celador_admission_policy_evaluations_total{policy,binding,result}}: result is allow,
 *       deny, warn, audit, error or skip;
 *   <li>{@code celador_admission_reviews_total{allowed,code}} and {@code
 *       celador_admission_review_duration_seconds};
 *   <li>{@code celador_admission_reloads_total{outcome}} and {@code celador_admission_policies}.
 * </ul>
 */
@Component
public class WebhookMetrics {

  private record PolicyKey(String policy, String binding, AdmissionDecision.Result result) {}

  private record ReviewKey(boolean allowed, int code) {}

  private final MeterRegistry registry;
  private final Map<PolicyKey, Counter> policyCounters = new ConcurrentHashMap<>();
  private final Map<ReviewKey, Counter> reviewCounters = new ConcurrentHashMap<>();
  private final Timer duration;
  private final AtomicInteger policies = new AtomicInteger();

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration =
        Timer.builder("celador.admission.review.duration")
            .description("Time to decide one AdmissionReview, from parsed body to response")
            .register(registry);
    registry.gauge("celador.admission.policies", policies);
  }

  void review(AdmissionDecision decision, long nanos) {
    duration.record(nanos, TimeUnit.NANOSECONDS);
    int code = decision.allowed() ? 200 : decision.code();
    reviewCounters
        .computeIfAbsent(
            new ReviewKey(decision.allowed(), code),
            k ->
                Counter.builder("celador.admission.reviews")
                    .description("AdmissionReviews answered")
                    .tag("allowed", Boolean.toString(k.allowed()))
                    .tag("code", Integer.toString(k.code()))
                    .register(registry))
        .increment();
    for (AdmissionDecision.PolicyEvaluation e : decision.evaluations()) {
      policyCounters
          .computeIfAbsent(
              new PolicyKey(e.policy(), e.binding(), e.result()),
              k ->
                  Counter.builder("celador.admission.policy.evaluations")
                      .description("Evaluations of one policy with one binding, by result")
                      .tag("policy", k.policy())
                      .tag("binding", k.binding())
                      .tag("result", k.result().label())
                      .register(registry))
          .increment();
    }
  }

  void reloaded(boolean ok) {
    registry
        .counter("celador.admission.reloads", "outcome", ok ? "success" : "failure")
        .increment();
  }

  void policiesLoaded(int count) {
    policies.set(count);
  }
}
