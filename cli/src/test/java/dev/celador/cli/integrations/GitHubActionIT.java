package dev.celador.cli.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The composite action of {@code action.yml}, its run steps executed as the GitHub runner does
 * ({@code bash --noprofile --norc -eo pipefail}, inputs substituted, GITHUB_ACTION_PATH set) in a
 * user's repository. GitHub itself is not reachable here, so the {@code uses:} steps (the JDK
 * setup) are not run: this machine has its JDK.
 */
class GitHubActionIT {

  private static final Pattern INPUT = Pattern.compile("\\$\\{\\{\\s*inputs\\.([\\w-]+)\\s*}}");

  @TempDir Path dir;

  @Test
  void action_goodPolicies_checksAndTestsThem() throws Exception {
    Workspace workspace = new Workspace(dir);

    Workspace.Run run = runAction(workspace, Map.of("test-args", "--coverage-min 100"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("::group::celador check --format github policies")
        .contains("1 file, 1 policy: OK")
        .contains("::group::celador test --coverage-min 100 policies")
        .contains("1 passed, 0 failed");
  }

  @Test
  void action_brokenPolicy_annotatesItAndStillRunsTheTests() throws Exception {
    Workspace workspace = new Workspace(dir).withBadPolicy();

    Workspace.Run run = runAction(workspace, Map.of());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .contains(
            "::error file=policies/bad.yaml,line=8,col=20,title=undefined_field::undefined field"
                + " 'methd'")
        .contains("1 passed, 0 failed");
  }

  @Test
  void action_testDisabled_onlyChecks() throws Exception {
    Workspace workspace = new Workspace(dir);

    Workspace.Run run = runAction(workspace, Map.of("test", "false"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("celador check").doesNotContain("celador test");
  }

  /**
   * Runs every {@code run:} step of action.yml in order, as the runner would; stops at a failure.
   */
  private Workspace.Run runAction(Workspace workspace, Map<String, String> given)
      throws IOException, InterruptedException {
    Map<String, Object> action = load(Workspace.REPO.resolve("action.yml"));
    Map<String, String> inputs = new LinkedHashMap<>();
    for (var input : map(action.get("inputs")).entrySet()) {
      inputs.put(input.getKey(), String.valueOf(map(input.getValue()).get("default")));
    }
    inputs.putAll(given);
    StringBuilder output = new StringBuilder();
    List<String> skipped = new ArrayList<>();
    for (Object item : (List<?>) map(action.get("runs")).get("steps")) {
      Map<String, Object> step = map(item);
      if (step.containsKey("uses")) {
        skipped.add(String.valueOf(step.get("uses")));
        continue;
      }
      assertThat(step.get("shell")).isEqualTo("bash");
      Map<String, String> env = new LinkedHashMap<>();
      env.put("GITHUB_ACTION_PATH", Workspace.REPO.toString());
      env.put("CELADOR", Workspace.CELADOR);
      map(step.getOrDefault("env", Map.of()))
          .forEach((name, value) -> env.put(name, substitute(String.valueOf(value), inputs)));
      String script = substitute(String.valueOf(step.get("run")), inputs);
      Workspace.Run run =
          workspace.run(
              env, List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script));
      output.append(run.output());
      if (run.exitCode() != 0) {
        return new Workspace.Run(run.exitCode(), output.toString());
      }
    }
    assertThat(skipped).containsExactly("actions/setup-java@v4");
    return new Workspace.Run(0, output.toString());
  }

  private static String substitute(String text, Map<String, String> inputs) {
    Matcher matcher = INPUT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      assertThat(inputs).as("action.yml names input %s", name).containsKey(name);
      matcher.appendReplacement(out, Matcher.quoteReplacement(inputs.get(name)));
    }
    matcher.appendTail(out);
    assertThat(out.toString()).as("an expression the test cannot evaluate").doesNotContain("${{");
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> load(Path file) throws IOException {
    return new Yaml().load(Files.readString(file));
  }
}
