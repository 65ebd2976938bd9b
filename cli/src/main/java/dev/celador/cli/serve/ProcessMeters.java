package dev.celador.cli.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM and process meters on serve's registry ({@code jvm_*}, {@code process_*}, {@code
 * system_*}): the binders Spring Boot's actuator binds in the standalone webhook, so a dashboard
 * built for one works for the other. Under {@code --admission} the webhook's own copies are
 * switched off ({@link SharedRegistry}): two GC binders on one registry would count every pause
 * twice. Nothing here runs per request; the GC and heap-pressure binders listen to GC notifications
 * and are closed with serve.
 */
final class ProcessMeters implements AutoCloseable {

  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();

  private ProcessMeters() {}

  static ProcessMeters bindTo(MeterRegistry registry) {
    ProcessMeters meters = new ProcessMeters();
    meters.gc.bindTo(registry);
    meters.heapPressure.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new JvmCompilationMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return meters;
  }

  @Override
  public void close() {
    gc.close();
    heapPressure.close();
  }
}
