package dev.celador.webhook.bootstrap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bootstrap TLS on {@code /metrics}, so a renewal that keeps failing can be alerted on before the
 * certificate expires: {@code celador_admission_tls_certificate_expiry_seconds} (Unix time the
 * served certificate ends) and {@code celador_admission_tls_syncs_total{outcome}}. Counts are kept
 * here because the first round runs before the meter registry exists.
 */
final class TlsMetrics implements MeterBinder {

  private final AtomicLong expiry = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  void synced(TlsState state) {
    expiry.set(state.serving().certificate().getNotAfter().toInstant().getEpochSecond());
    succeeded.incrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("celador.admission.tls.certificate.expiry", expiry, AtomicLong::get)
        .description("When the served webhook certificate expires (Unix time)")
        .baseUnit("seconds")
        .register(registry);
    syncs(registry, "ok", succeeded);
    syncs(registry, "error", failed);
  }

  private static void syncs(MeterRegistry registry, String outcome, AtomicLong count) {
    FunctionCounter.builder("celador.admission.tls.syncs", count, AtomicLong::get)
        .description("Bootstrap TLS rounds (Secret, caBundle, serving files) by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
