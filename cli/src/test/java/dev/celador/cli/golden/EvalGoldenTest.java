package dev.celador.cli.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code celador eval --output json} over every case in {@code src/test/resources/eval/<case>/}:
 *
 * <ul>
 *   <li>{@code policies/} and/or {@code policies.txt} (paths relative to the repository root, one a
 *       line, such as {@code policies/examples});
 *   <li>{@code request.json} or {@code request.yaml};
 *   <li>{@code expected.json}, the decision. Rewrite with {@code -Dgolden.update=true}.
 * </ul>
 */
class EvalGoldenTest {

  static Stream<Path> cases() {
    return GoldenFiles.cases(GoldenFiles.sourceResources().resolve("eval")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eval_case_matchesExpectedDecision(Path caseDir) throws IOException {
    List<String> args = new ArrayList<>(List.of("eval", "--output", "json"));
    for (Path policies : policyPaths(caseDir)) {
      args.add("--policies");
      args.add(policies.toString());
    }
    args.add("--request");
    args.add(requestFile(caseDir).toString());

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    assertThat(run.err()).as("stderr").isEmpty();
    GoldenFiles.assertMatches(caseDir.resolve("expected.json"), run.out());
  }

  private static List<Path> policyPaths(Path caseDir) throws IOException {
    List<Path> paths = new ArrayList<>();
    if (Files.isDirectory(caseDir.resolve("policies"))) {
      paths.add(caseDir.resolve("policies"));
    }
    Path list = caseDir.resolve("policies.txt");
    if (Files.exists(list)) {
      Path root = GoldenFiles.repositoryRoot();
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          paths.add(root.resolve(line.trim()));
        }
      }
    }
    assertThat(paths).as("policies/ or policies.txt in %s", caseDir).isNotEmpty();
    return paths;
  }

  private static Path requestFile(Path caseDir) {
    for (String name : List.of("request.json", "request.yaml")) {
      if (Files.exists(caseDir.resolve(name))) {
        return caseDir.resolve(name);
      }
    }
    throw new AssertionError("no request.json or request.yaml in " + caseDir);
  }
}
