package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.golden.GoldenFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every command's {@code -o json} is one document in one key style: snake_case, as the decision
 * log's (docs/decision-log.md). Keys of maps that hold data (header names, audit annotations) are
 * the data's own.
 */
class OutputJsonTest {

  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Set<String> DATA_MAPS =
      Set.of("headers", "response_headers", "audit_annotations");
  private static final Path RESOURCES = GoldenFiles.sourceResources();
  private static final Path EXAMPLES = GoldenFiles.repositoryRoot().resolve("policies/examples");

  static Stream<List<String>> commands() {
    String denied =
        RESOURCES.resolve("eval/orders-delete-denied-for-frontend/request.yaml").toString();
    String allowed = RESOURCES.resolve("eval/orders-frontend-read-allowed/request.yaml").toString();
    return Stream.of(
        List.of("eval", "-p", EXAMPLES.toString(), "-r", denied),
        List.of("eval", "-p", EXAMPLES.toString(), "-r", allowed),
        List.of("check", EXAMPLES.toString()),
        List.of("check", RESOURCES.resolve("check/five-errors/policies").toString()),
        List.of("test", "--coverage", RESOURCES.resolve("test/failures-and-coverage").toString()),
        List.of("test", EXAMPLES.toString()),
        List.of("version"));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void outputJson_everyCommand_parsesWithSnakeCaseKeys(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("-o", "json"));

    CliRun run = CliRun.of(args.toArray(String[]::new));

    JsonNode document = new ObjectMapper().readTree(run.out());
    assertThat(document.isObject()).as(run.out()).isTrue();
    List<String> keys = new ArrayList<>();
    collectKeys(document, keys);
    assertThat(keys).isNotEmpty().allMatch(key -> SNAKE_CASE.matcher(key).matches());
  }

  @Test
  void testJson_caseDecision_isAnObjectLikeEvals() {
    CliRun test =
        CliRun.of("test", "-o", "json", RESOURCES.resolve("test/failures-and-coverage").toString());
    CliRun eval =
        CliRun.of(
            "eval",
            "-o",
            "json",
            "-p",
            RESOURCES.resolve("test/failures-and-coverage/suites/orders.yaml").toString(),
            "-r",
            RESOURCES.resolve("eval/orders-frontend-read-allowed/request.yaml").toString());

    JsonNode suites = new ObjectMapper().readTree(test.out()).get("suites");
    JsonNode http = suites.get(0).get("cases").get(0).get("decision");
    JsonNode admission = suites.get(1).get("cases").get(0).get("decision");
    JsonNode evaluated = new ObjectMapper().readTree(eval.out());
    assertThat(http.isObject()).as(test.out()).isTrue();
    assertThat(List.copyOf(http.propertyNames())).isEqualTo(List.copyOf(evaluated.propertyNames()));
    assertThat(http.get("effect").asString()).isEqualTo("allow");
    assertThat(http.get("rule").asString()).isEqualTo("frontend-reads");
    assertThat(admission.get("effect").asString()).isEqualTo("deny");
    assertThat(admission.get("status").asInt()).isEqualTo(422);
    assertThat(admission.get("message").asString()).contains("at least 2 replicas");
  }

  private static void collectKeys(JsonNode node, List<String> keys) {
    if (node.isArray()) {
      node.forEach(item -> collectKeys(item, keys));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        keys.add(field.getKey());
        if (!DATA_MAPS.contains(field.getKey())) {
          collectKeys(field.getValue(), keys);
        }
      }
    }
  }
}
