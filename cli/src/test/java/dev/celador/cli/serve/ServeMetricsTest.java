package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServeMetricsTest {

  @Test
  void gauge_methodReferenceAfterGc_stillReadsItsValue() {
    ServeMetrics metrics = new ServeMetrics();
    long[] value = {42};
    metrics.gauge("celador.test.value", "a value", () -> value[0]);

    System.gc(); // with a weakly held supplier the gauge read NaN from here on

    assertThat(metrics.scrape()).contains("celador_test_value 42.0");
  }
}
