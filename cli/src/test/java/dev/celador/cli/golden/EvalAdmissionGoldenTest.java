package dev.celador.cli.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code celador eval --admission-review} over every case in {@code
 * src/test/resources/eval-admission/<case>/}: {@code review.json} or {@code review.yaml}, and
 * {@code policies/}, {@code params/}, {@code namespaces/} from the case or else from {@code
 * shared/}; {@code expected.json} is the AdmissionReview response, byte for byte what the webhook
 * writes (the same mapper), {@code expected-trace.txt} the default output (the response, then the
 * trace of every policy and binding), {@code expected-trace.json} the {@code -o json} document.
 * Rewrite with {@code -Dgolden.update=true}.
 */
class EvalAdmissionGoldenTest {

  private static final Path ROOT = GoldenFiles.sourceResources().resolve("eval-admission");

  static Stream<Path> cases() {
    return GoldenFiles.cases(ROOT).stream().filter(dir -> review(dir) != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evalAdmissionReview_noTrace_printsTheWebhookResponse(Path caseDir) throws IOException {
    CliRun run = run(caseDir, "--no-trace");

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    assertThat(run.err()).as("stderr").isEmpty();
    GoldenFiles.assertMatches(caseDir.resolve("expected.json"), run.out());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evalAdmissionReview_default_printsTheResponseThenTheTrace(Path caseDir) throws IOException {
    CliRun run = run(caseDir);

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    String response = Files.readString(caseDir.resolve("expected.json"));
    assertThat(run.out()).startsWith(response + "trace:\n");
    GoldenFiles.assertMatches(caseDir.resolve("expected-trace.txt"), run.out());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evalAdmissionReview_outputJson_holdsTheResponseAndTheTrace(Path caseDir) throws IOException {
    CliRun run = run(caseDir, "-o", "json");

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    GoldenFiles.assertMatches(caseDir.resolve("expected-trace.json"), run.out());
  }

  private static CliRun run(Path caseDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("eval"));
    args.addAll(List.of("--policies", dir(caseDir, "policies").toString()));
    args.addAll(List.of("--params", dir(caseDir, "params").toString()));
    args.addAll(List.of("--namespaces", dir(caseDir, "namespaces").toString()));
    args.addAll(List.of("--admission-review", review(caseDir).toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Path dir(Path caseDir, String name) {
    Path own = caseDir.resolve(name);
    return Files.isDirectory(own) ? own : ROOT.resolve("shared").resolve(name);
  }

  private static Path review(Path caseDir) {
    for (String name : List.of("review.json", "review.yaml")) {
      if (Files.exists(caseDir.resolve(name))) {
        return caseDir.resolve(name);
      }
    }
    return null;
  }
}
