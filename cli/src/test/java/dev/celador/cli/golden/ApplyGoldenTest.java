package dev.celador.cli.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code celador apply} over {@code src/test/resources/apply/manifests.yaml} from standard input,
 * with eval-admission's shared policies, params and namespaces: the text (plain and {@code -v}) and
 * JSON output are golden files. Rewrite with {@code -Dgolden.update=true}.
 */
class ApplyGoldenTest {

  private static final Path ROOT = GoldenFiles.sourceResources().resolve("apply");
  private static final Path SHARED =
      GoldenFiles.sourceResources().resolve("eval-admission").resolve("shared");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text", "text-verbose", "json"})
  void apply_manifestsFromStdin_printsTheGoldenReport(String variant) throws IOException {
    List<String> args = new ArrayList<>(List.of("apply", "--color=never"));
    args.addAll(List.of("--policies", SHARED.resolve("policies").toString()));
    args.addAll(List.of("--params", SHARED.resolve("params").toString()));
    args.addAll(List.of("--namespaces", SHARED.resolve("namespaces").toString()));
    args.addAll(List.of("-o", variant.startsWith("text") ? "text" : variant));
    if (variant.endsWith("verbose")) {
      args.add("-v");
    }
    args.add("-");

    CliRun run =
        CliRun.withStdin(
            Files.readString(ROOT.resolve("manifests.yaml")), args.toArray(String[]::new));

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(3);
    assertThat(run.err()).as("stderr").isEmpty();
    String extension = variant.equals("json") ? ".json" : ".txt";
    GoldenFiles.assertMatches(ROOT.resolve("expected-" + variant + extension), run.out());
  }
}
