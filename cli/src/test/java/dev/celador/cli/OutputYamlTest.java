package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.golden.GoldenFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** {@code -o yaml} is the {@code -o json} document in YAML: same fields, values and order. */
class OutputYamlTest {

  private static final Path EXAMPLES =
      GoldenFiles.repositoryRoot().resolve("policies").resolve("examples");

  static Stream<List<String>> commands() {
    String deletes = EXAMPLES.resolve("testdata/frontend-deletes-order.yaml").toString();
    return Stream.of(
        List.of("eval", "-p", EXAMPLES.toString(), "-r", deletes),
        List.of("check", EXAMPLES.toString()),
        List.of("test", EXAMPLES.toString()),
        List.of("version"));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void output_yaml_isTheJsonDocument(List<String> command) {
    CliRun json = run(command, "json");
    CliRun yaml = run(command, "yaml");

    assertThat(yaml.exitCode()).as(yaml.err()).isEqualTo(json.exitCode());
    Object fromJson = new Yaml().load(json.out());
    Object fromYaml = new Yaml().load(yaml.out());
    assertThat(fromYaml).isInstanceOf(Map.class).isEqualTo(fromJson);
    assertThat(List.copyOf(((Map<?, ?>) fromYaml).keySet()))
        .isEqualTo(List.copyOf(((Map<?, ?>) fromJson).keySet()));
    assertThat(yaml.out()).doesNotStartWith("{");
  }

  private static CliRun run(List<String> command, String format) {
    List<String> args = new ArrayList<>(command);
    args.add("-o");
    args.add(format);
    return CliRun.of(args.toArray(String[]::new));
  }
}
