package dev.celador.webhook;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.internal.admission.AdmissionMutation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
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
 *   <li>{@code celador_admission_mutations_total{allowed,code,patched}} and {@code
 *       celador_admission_mutation_duration_seconds}: reviews of {@code POST /mutate}, patched true
 *       when the answer carried a patch;
 *   <li>{@code celador_admission_policy_mutations_total{policy,binding}}: reviews a policy with a
 *       binding changed (or tested) the object of;
 *   <li>{@code celador_admission_reloads_total{outcome}} and {@code celador_admission_policies}.
 * </ul>
 */
@Component
public class WebhookMetrics {

  private static final AdmissionDecision.Result[] RESULTS = AdmissionDecision.Result.values();

  private final MeterRegistry registry;

  /** Counters by policy, then binding, then result ordinal: found per review without allocating. */
  private final Map<String, Map<String, Counter[]>> policyCounters = new ConcurrentHashMap<>();

  private volatile Counter allowed; // registered on the first allowed review, as denials are
  private final Map<Integer, Counter> deniedByCode = new ConcurrentHashMap<>();
  private final Timer duration;
  private final Timer mutationDuration;
  // Read at each scrape: under serve the shared engine reloads without telling the webhook.
  private volatile IntSupplier policies = () -> 0;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration =
        Timer.builder("celador.admission.review.duration")
            .description("Time to decide one AdmissionReview, from parsed body to response")
            .register(registry);
    this.mutationDuration =
        Timer.builder("celador.admission.mutation.duration")
            .description("Time to mutate one AdmissionReview, from parsed body to response")
            .register(registry);
    Gauge.builder("celador.admission.policies", this, m -> m.policies.getAsInt())
        .description("Admission policies in the active set")
        .register(registry);
  }

  void review(AdmissionDecision decision, long nanos) {
    duration.record(nanos, TimeUnit.NANOSECONDS);
    if (decision.allowed()) {
      Counter counter = allowed;
      if (counter == null) {
        counter = reviewCounter(true, 200);
        allowed = counter;
      }
      counter.increment();
    } else {
      deniedByCode.computeIfAbsent(decision.code(), code -> reviewCounter(false, code)).increment();
    }
    for (AdmissionDecision.PolicyEvaluation e : decision.evaluations()) {
      Counter[] byResult =
          policyCounters
              .computeIfAbsent(e.policy(), p -> new ConcurrentHashMap<>())
              .computeIfAbsent(e.binding(), b -> new Counter[RESULTS.length]);
      int result = e.result().ordinal();
      Counter counter = byResult[result];
      if (counter == null) {
        // Registering is idempotent, so two threads racing here end up with the same counter.
        counter = policyCounter(e.policy(), e.binding(), e.result());
        byResult[result] = counter;
      }
      counter.increment();
    }
  }

  /** Counts one {@code /mutate} review; registering is idempotent, as for policy counters. */
  void mutation(AdmissionMutation mutation, long nanos) {
    mutationDuration.record(nanos, TimeUnit.NANOSECONDS);
    AdmissionDecision decision = mutation.decision();
    Counter.builder("celador.admission.mutations")
        .description("AdmissionReviews of POST /mutate answered")
        .tag("allowed", Boolean.toString(decision.allowed()))
        .tag("code", Integer.toString(decision.code()))
        .tag("patched", Boolean.toString(mutation.changed()))
        .register(registry)
        .increment();
    for (AdmissionMutation.Applier a : mutation.appliedBy()) {
      Counter.builder("celador.admission.policy.mutations")
          .description("Reviews one mutating policy with one binding changed or tested")
          .tag("policy", a.policy())
          .tag("binding", a.binding())
          .register(registry)
          .increment();
    }
  }

  private Counter reviewCounter(boolean allowed, int code) {
    return Counter.builder("celador.admission.reviews")
        .description("AdmissionReviews answered")
        .tag("allowed", Boolean.toString(allowed))
        .tag("code", Integer.toString(code))
        .register(registry);
  }

  private Counter policyCounter(String policy, String binding, AdmissionDecision.Result result) {
    return Counter.builder("celador.admission.policy.evaluations")
        .description("Evaluations of one policy with one binding, by result")
        .tag("policy", policy)
        .tag("binding", binding)
        .tag("result", result.label())
        .register(registry);
  }

  void reloaded(boolean ok) {
    registry
        .counter("celador.admission.reloads", "outcome", ok ? "success" : "failure")
        .increment();
  }

  void policiesLoaded(int count) {
    policies = () -> count;
  }

  /** The gauge reads {@code count} at each scrape. */
  void policiesFrom(IntSupplier count) {
    policies = count;
  }
}
