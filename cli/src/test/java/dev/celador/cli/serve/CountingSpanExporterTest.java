package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CountingSpanExporterTest {

  private static final String LOGGER = "test.CountingSpanExporterTest";
  private final LogCapture log = new LogCapture(LOGGER);
  private final FailureLog failures =
      new FailureLog(
          LoggerFactory.getLogger(LOGGER), Clock.systemUTC(), FailureLog.DEFAULT_INTERVAL);

  @AfterEach
  void detach() {
    log.close();
  }

  /** An exporter whose every export ends with {@code result}. */
  static SpanExporter answering(CompletableResultCode result) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return result;
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  private static List<SpanData> spans(int n) {
    return java.util.Collections.nCopies(n, null);
  }

  @Test
  void export_accepted_countedAsExported() {
    CountingSpanExporter exporter =
        new CountingSpanExporter(answering(CompletableResultCode.ofSuccess()), failures);

    exporter.export(spans(3));

    assertThat(exporter.exported()).isEqualTo(3);
    assertThat(exporter.failed()).isZero();
    assertThat(log.text()).isEmpty();
  }

  @Test
  void export_failedTwice_countedAndLoggedOnce() {
    CountingSpanExporter exporter =
        new CountingSpanExporter(
            answering(
                CompletableResultCode.ofExceptionalFailure(new IOException("connection refused"))),
            failures);

    exporter.export(spans(2));
    exporter.export(spans(5));

    assertThat(exporter.failed()).isEqualTo(7);
    assertThat(exporter.exported()).isZero();
    assertThat(log.lines())
        .singleElement()
        .asString()
        .contains("span export to the OTLP endpoint failed", "connection refused", "\"spans\":2");
  }
}
