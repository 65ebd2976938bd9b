package dev.celador.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged serve's operational log (docs/serve.md#log): every stderr line one JSON object with
 * time, level, logger and msg; {@code celador.log.level} decides which lines are written.
 */
class ServeLogIT {

  // The examples make HTTP mode warn that it knows no caller identity: a warn line at start.
  private static final Path EXAMPLES = Path.of("../policies/examples");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path work;

  private List<JsonNode> run(String... settings) throws Exception {
    String log;
    try (CeladorProcess celador = CeladorProcess.startReady(EXAMPLES, work, settings)) {
      assertThat(celador.terminate()).isIn(0, 143);
      log = celador.log();
    }
    assertThat(log).isNotBlank();
    return log.lines().map(JSON::readTree).toList();
  }

  @Test
  void serve_defaultLevel_everyStderrLineJsonWithTimeLevelLoggerMsg() throws Exception {
    List<JsonNode> lines = run("celador.warmup.duration=100ms");

    assertThat(lines)
        .allSatisfy(
            line -> {
              assertThat(line.isObject()).isTrue();
              assertThat(line.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
              assertThat(line.get("level").asString()).isIn("info", "warn", "error");
              assertThat(line.get("logger").asString()).isNotEmpty();
              assertThat(line.get("msg").asString()).isNotEmpty();
            });
    assertThat(lines).extracting(l -> l.get("msg").asString()).contains("listening", "ready");
    assertThat(lines)
        .filteredOn(l -> l.get("msg").asString().equals("listening"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.get("level").asString()).isEqualTo("info");
              assertThat(l.get("logger").asString())
                  .isEqualTo("dev.celador.cli.serve.ServeRuntime");
              assertThat(l.get("grpc_port").isInt()).isTrue();
              assertThat(l.get("policies").asInt()).isPositive();
            });
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.get("level").asString()).isEqualTo("warn");
              assertThat(l.get("msg").asString()).contains("HTTP mode knows no caller identity");
            });
  }

  @Test
  void serve_levelWarn_noInfoLinesButTheWarnings() throws Exception {
    List<JsonNode> lines = run("celador.warmup.duration=100ms", "celador.log.level=warn");

    assertThat(lines).extracting(l -> l.get("level").asString()).doesNotContain("info");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l.get("msg").asString()).contains("HTTP mode knows no caller identity"));
  }
}
