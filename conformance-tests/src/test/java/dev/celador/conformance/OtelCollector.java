package dev.celador.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real OpenTelemetry Collector (conformance-tests/otelcol: the OTLP receiver and the debug
 * exporter) on a free loopback port; the spans it received are read back from the debug exporter's
 * detailed output on its stderr.
 */
final class OtelCollector implements AutoCloseable {

  /** One span as the collector printed it. */
  record ReceivedSpan(
      String traceId,
      String parentId,
      String spanId,
      String name,
      Map<String, String> attributes) {}

  final int httpPort = CeladorProcess.freePort();
  private final Path stderr;
  private final Process process;

  private OtelCollector(Path binary, Path work) throws IOException {
    Path config = work.resolve("otelcol.yaml");
    Files.writeString(
        config,
        """
        receivers:
          otlp:
            protocols:
              http:
                endpoint: 127.0.0.1:%d
        exporters:
          debug:
            verbosity: detailed
        service:
          telemetry:
            metrics:
              level: none
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """
            .formatted(httpPort));
    stderr = work.resolve("otelcol.log");
    process =
        new ProcessBuilder(binary.toString(), "--config=" + config)
            .redirectOutput(work.resolve("otelcol.out").toFile())
            .redirectError(stderr.toFile())
            .start();
  }

  /** Builds the collector if it is not cached yet, starts it and waits until it receives. */
  static OtelCollector start(Path work) throws IOException, InterruptedException {
    OtelCollector collector = new OtelCollector(binary(), work);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!collector.output().contains("Everything is ready")) {
      if (!collector.process.isAlive() || System.nanoTime() > deadline) {
        collector.close();
        throw new IllegalStateException("the collector did not start: " + collector.output());
      }
      Thread.sleep(50);
    }
    return collector;
  }

  /** The OTLP/HTTP base URL to give celador. */
  String endpoint() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The first received span that {@code match} accepts, waiting at most {@code timeout}. */
  ReceivedSpan await(Predicate<ReceivedSpan> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<ReceivedSpan> span = spans().stream().filter(match).findFirst();
      if (span.isPresent()) {
        return span.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching span in " + timeout + "; received: " + spans());
      }
      Thread.sleep(100);
    }
  }

  /** Every span received so far. */
  List<ReceivedSpan> spans() {
    return parse(output());
  }

  /**
   * Reads the debug exporter's detailed format: a {@code Span #n} block of {@code Name : value}
   * lines, then {@code Attributes:} with one {@code -> key: Type(value)} line each.
   */
  static List<ReceivedSpan> parse(String output) {
    List<ReceivedSpan> spans = new ArrayList<>();
    Map<String, String> fields = null;
    Map<String, String> attributes = null;
    for (String line : output.split("\n")) {
      String text = line.strip();
      // "ResourceSpans #n" follows the exporter's log prefix on the same line.
      if (text.startsWith("Span #") || text.contains("ResourceSpans #")) {
        add(spans, fields, attributes);
        fields = text.startsWith("Span #") ? new LinkedHashMap<>() : null;
        attributes = new LinkedHashMap<>();
      } else if (fields != null && text.startsWith("-> ")) {
        int colon = text.indexOf(": ");
        int open = text.indexOf('(', colon);
        attributes.put(
            text.substring(3, colon),
            open < 0 ? text.substring(colon + 2) : text.substring(open + 1, text.length() - 1));
      } else if (fields != null && text.contains(" : ")) {
        int colon = text.indexOf(" : ");
        fields.put(text.substring(0, colon).strip(), text.substring(colon + 3).strip());
      }
    }
    add(spans, fields, attributes);
    return spans;
  }

  private static void add(
      List<ReceivedSpan> spans, Map<String, String> fields, Map<String, String> attributes) {
    if (fields != null && fields.containsKey("Trace ID")) {
      spans.add(
          new ReceivedSpan(
              fields.get("Trace ID"),
              fields.getOrDefault("Parent ID", ""),
              fields.get("ID"),
              fields.get("Name"),
              Map.copyOf(attributes)));
    }
  }

  String output() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The binary, built by conformance-tests/otelcol/build-collector.sh on first use. */
  private static Path binary() throws IOException, InterruptedException {
    String script = System.getProperty("otelcol.buildScript");
    if (script == null || !Files.isRegularFile(Path.of(script))) {
      throw new IllegalStateException(
          "system property otelcol.buildScript does not name"
              + " conformance-tests/otelcol/build-collector.sh (run the tests through failsafe)");
    }
    Process build =
        new ProcessBuilder(List.of("bash", script))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (build.waitFor() != 0) {
      throw new IllegalStateException(
          "build-collector.sh failed (is Go >= 1.26 installed?); its output is above");
    }
    return Path.of(out.substring(out.lastIndexOf('\n') + 1));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
