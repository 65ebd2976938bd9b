package dev.celador.conformance.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every settings file the chart renders is one the packaged {@code celador serve} accepts: no
 * unknown name, no value of the wrong form. Each file is handed to the real jar with {@code
 * --config}, as the pod does; serve resolves settings before anything else, so it either reports a
 * settings error at once or gets on to opening ports (or, for a cluster source here without a
 * cluster, to reaching the API server), and is stopped.
 */
class ChartSettingsIT {

  static List<String> valuesCases() {
    return Chart.valuesCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void renderedSettings_acceptedByServe(String valuesCase, @TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("celador.jar"));
    assertThat(jar).as("cli/target/celador.jar").isRegularFile();
    Path policies = Files.createDirectories(dir.resolve("policies"));
    ConfigMap settings =
        ChartIT.ofKind(Chart.objects(Chart.render("r", "celador", valuesCase)), ConfigMap.class)
            .stream()
            .filter(c -> c.getMetadata().getName().endsWith("-settings"))
            .findFirst()
            .orElseThrow();

    assertThat(settings.getData()).isNotEmpty();
    for (Map.Entry<String, String> file : settings.getData().entrySet()) {
      Path config = Files.writeString(dir.resolve(file.getKey()), file.getValue());
      String output = startAndStop(jar, config, policies, dir.resolve(file.getKey() + ".log"));

      assertThat(output)
          .as("serve --config %s (%s):%n%s", file.getKey(), valuesCase, file.getValue())
          .doesNotContain("unknown setting")
          .doesNotContain("does not apply to celador serve")
          .doesNotContainPattern("celador\\.[a-z.-]+ must be");
    }
  }

  /** Runs serve with the chart's file, pointed at free ports and a local policy directory. */
  private static String startAndStop(Path jar, Path config, Path policies, Path log)
      throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "serve",
                "--config",
                config.toString()));
    // Later sources win: the chart's file is read, then only what a test host needs is changed.
    for (String setting :
        List.of(
            "celador.policies=" + policies,
            "celador.server.host=127.0.0.1",
            "celador.management.host=127.0.0.1",
            "celador.management.port=0",
            "celador.warmup.duration=0ms")) {
      argv.addAll(List.of("--set", setting));
    }
    Process serve =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (serve.isAlive() && System.nanoTime() < deadline && !pastSettings(log)) {
        Thread.sleep(100);
      }
    } finally {
      serve.destroy();
      if (!serve.waitFor(15, TimeUnit.SECONDS)) {
        serve.destroyForcibly().waitFor();
      }
    }
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** serve has logged a line that comes only after every setting was read and checked. */
  private static boolean pastSettings(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    return text.contains("listening") || text.contains("ready");
  }
}
