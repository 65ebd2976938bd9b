package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OpenTelemetry tracing of {@code celador serve} (docs/tracing.md): an SDK exporting OTLP over
 * HTTP/protobuf through a batch processor, started only when {@code celador.tracing.otlp.endpoint}
 * is set. Without it there is no SDK, no thread and no span listener: nothing on the decision path.
 */
final class Tracing implements AutoCloseable {

  /** The tracing settings and their defaults (docs/serve.md). */
  static final Map<String, String> DEFAULTS = defaults();

  /** Spans waiting for export; past this the newest are dropped, never waited for. */
  static final int QUEUE = 2048;

  // The exporter logs each failure through java.util.logging with a stack trace;
  // CountingSpanExporter reports them rate-limited in serve's own log instead. Held so the
  // configured logger is not garbage-collected.
  private static final Logger EXPORTER_LOG = Logger.getLogger("io.opentelemetry.exporter");

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    // Empty: tracing off. A base URL (http://collector:4318) gets OTLP's /v1/traces path.
    d.put("celador.tracing.otlp.endpoint", "");
    // Requests whose caller sent no traceparent; a caller's sampled flag is always followed.
    d.put("celador.tracing.sample-ratio", "0.01");
    d.put("celador.tracing.service-name", "celador");
    return Map.copyOf(d);
  }

  private final OpenTelemetrySdk sdk;
  private final CountingSpanExporter exporter;
  private final SpanDrops drops;

  private Tracing(OpenTelemetrySdk sdk, CountingSpanExporter exporter, SpanDrops drops) {
    this.sdk = sdk;
    this.exporter = exporter;
    this.drops = drops;
  }

  /** The running SDK, or null when no endpoint is set. */
  static Tracing start(Settings settings, FailureLog failures) {
    String endpoint = settings.string("celador.tracing.otlp.endpoint");
    if (endpoint.isEmpty()) {
      return null;
    }
    double ratio = settings.fraction("celador.tracing.sample-ratio");
    EXPORTER_LOG.setLevel(Level.OFF);
    CountingSpanExporter exporter =
        new CountingSpanExporter(
            OtlpHttpSpanExporter.builder()
                .setEndpoint(tracesUrl(endpoint))
                .setTimeout(5, TimeUnit.SECONDS)
                .build(),
            failures);
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        settings.string("celador.tracing.service-name"))));
    SpanDrops drops = new SpanDrops();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            // A caller's decision wins (Envoy's ext_authz span does the same); the ratio applies
            // only to requests that start a trace here.
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setMaxQueueSize(QUEUE)
                    .setMaxExportBatchSize(512)
                    .setScheduleDelay(1, TimeUnit.SECONDS)
                    .setMeterProvider(drops.meterProvider())
                    .build())
            .build();
    return new Tracing(
        OpenTelemetrySdk.builder().setTracerProvider(provider).build(), exporter, drops);
  }

  /**
   * The URL spans are posted to: {@code endpoint} as given when it has a path, else with {@code
   * /v1/traces} (the OTLP/HTTP default path) appended.
   */
  static String tracesUrl(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new UserException("celador.tracing.otlp.endpoint is not a URL: '" + endpoint + "'");
    }
    if (!List.of("http", "https").contains(String.valueOf(uri.getScheme()))
        || uri.getHost() == null) {
      throw new UserException(
          "celador.tracing.otlp.endpoint must be an http:// or https:// URL, got '"
              + endpoint
              + "'");
    }
    String path = uri.getPath();
    return path == null || path.isEmpty() || path.equals("/")
        ? endpoint.replaceAll("/$", "") + "/v1/traces"
        : endpoint;
  }

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Registers the export counters (held by the exporter, which lives as long as the SDK). */
  void metrics(MeterRegistry registry) {
    FunctionCounter.builder(
            "celador.tracing.spans.exported", exporter, CountingSpanExporter::exported)
        .description("Spans the OTLP endpoint accepted")
        .register(registry);
    FunctionCounter.builder("celador.tracing.spans.failed", exporter, CountingSpanExporter::failed)
        .description("Spans lost because an export to the OTLP endpoint failed")
        .register(registry);
    FunctionCounter.builder("celador.tracing.spans.dropped", drops, SpanDrops::dropped)
        .description("Spans dropped because the export queue was full")
        .register(registry);
  }

  /** Exports what is queued (at most a few seconds), then stops. */
  @Override
  public void close() {
    sdk.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
    drops.meterProvider().close();
  }
}
