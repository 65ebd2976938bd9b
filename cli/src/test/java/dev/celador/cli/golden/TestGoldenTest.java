package dev.celador.cli.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code celador test --output json} over every case in {@code src/test/resources/test/<case>/}: it
 * runs the suites under {@code suites/} and compares the document with {@code expected.json}, file
 * names relative to the case directory. An optional {@code args.txt} holds more arguments (one a
 * line). Rewrite with {@code -Dgolden.update=true}.
 */
class TestGoldenTest {

  private static final Map<String, Integer> EXIT_CODES =
      Map.of("passed", 0, "errors", 2, "failed", 3);

  static Stream<Path> cases() {
    return GoldenFiles.cases(GoldenFiles.sourceResources().resolve("test")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void testJson_case_matchesExpectedDocument(Path caseDir) throws IOException {
    CliRun run = CliRun.of(GoldenFiles.arguments(caseDir, "suites", "test", "--output", "json"));

    GoldenFiles.assertMatches(
        caseDir.resolve("expected.json"), run.out().replace(caseDir + "/", ""));
    String verdict = new ObjectMapper().readTree(run.out()).get("verdict").asString();
    assertThat(run.exitCode())
        .as("exit code; stderr: %s", run.err())
        .isEqualTo(EXIT_CODES.get(verdict));
  }
}
