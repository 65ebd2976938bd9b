package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.ratelimit.LimitCounters;
import dev.celador.engine.internal.ratelimit.RateLimitMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class RateLimitMetersTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RateLimitMetrics metrics = new RateLimitMetrics();
  private final RateLimitMeters meters = new RateLimitMeters(registry, metrics);

  @Test
  void refresh_countersOfEachLimit_exportedByPolicyAndLimit() {
    LimitCounters c = metrics.counters("shop/orders-api/per-caller");
    c.checked();
    c.checked();
    c.checked();
    c.denied();
    c.shadowDenied();
    c.storeError();
    metrics.counters("per-user/hourly").checked();

    meters.refresh();

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "celador_ratelimit_checks_total{limit=\"per-caller\",policy=\"shop/orders-api\"} 3.0",
            "celador_ratelimit_denials_total{limit=\"per-caller\",policy=\"shop/orders-api\"} 1.0",
            "celador_ratelimit_shadow_denials_total{limit=\"per-caller\",policy=\"shop/orders-api\"}"
                + " 1.0",
            "celador_ratelimit_store_errors_total{limit=\"per-caller\",policy=\"shop/orders-api\"}"
                + " 1.0",
            "celador_ratelimit_checks_total{limit=\"hourly\",policy=\"per-user\"} 1.0");
  }

  @Test
  void refresh_again_countersFollowWithoutReRegistering() {
    LimitCounters c = metrics.counters("ns/p/l");
    meters.refresh();
    c.checked();
    c.checked();

    meters.refresh();

    assertThat(registry.get("celador.ratelimit.checks").tag("limit", "l").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.getMeters()).hasSize(4);
  }
}
