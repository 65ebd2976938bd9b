package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.golden.GoldenFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code celador apply}: input errors, exit codes, UPDATE with --old, junit and sarif. */
class ApplyCommandTest {

  private static final Path SHARED =
      GoldenFiles.sourceResources().resolve("eval-admission").resolve("shared");
  private static final Path MANIFESTS =
      GoldenFiles.sourceResources().resolve("apply").resolve("manifests.yaml");

  @TempDir Path dir;

  private static List<String> args(String... extra) {
    List<String> args = new ArrayList<>(List.of("apply", "--color=never"));
    args.addAll(List.of("-p", SHARED.resolve("policies").toString()));
    args.addAll(List.of("--params", SHARED.resolve("params").toString()));
    args.addAll(List.of("--namespaces", SHARED.resolve("namespaces").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  private static CliRun run(String stdin, String... extra) {
    return CliRun.withStdin(stdin, args(extra).toArray(String[]::new));
  }

  @Test
  void apply_invalidYamlOnStdin_exits2NamingTheLineAndEndsTheJsonWithTheError() {
    CliRun run =
        run(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [oops\n",
            "-o",
            "json",
            "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("celador: <stdin>:6: invalid YAML: ");
    JsonNode document = JsonMapper.builder().build().readTree(run.out());
    assertThat(document.get("objects").size()).isEqualTo(1);
    assertThat(document.get("summary").get("objects").asInt()).isEqualTo(1);
    assertThat(document.get("error").asString()).startsWith("<stdin>:6: invalid YAML: ");
  }

  @Test
  void apply_invalidYamlInText_exits2AfterTheObjectsBeforeIt() {
    CliRun run =
        run("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [oops\n", "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("<stdin>:1  v1 ConfigMap default/a  CREATE  allowed\n");
    assertThat(run.err()).startsWith("celador: <stdin>:6: invalid YAML: ");
  }

  @Test
  void apply_objectWithoutKindInAFile_exits2NamingFileAndLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("m.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                + "apiVersion: apps/v1\nmetadata: {name: b}\n");

    CliRun run = run("", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("celador: " + file + ":5: apiVersion and kind are required\n");
  }

  @Test
  void apply_missingFile_exits1() {
    CliRun run = run("", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("nope.yaml: no such file or directory");
  }

  @Test
  void apply_noObjects_exits1() {
    CliRun run = run("# nothing\n---\n", "-");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no Kubernetes objects in -");
  }

  @Test
  void apply_allowedObjects_exit0() {
    CliRun run =
        run(
            "apiVersion: apps/v1\nkind: Deployment\n"
                + "metadata: {name: w, namespace: shop, labels: {owner: a}}\nspec: {replicas: 2}\n",
            "-");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "<stdin>:1  apps/v1 Deployment shop/w  CREATE  allowed\n"
                + "1 object: 1 allowed, 0 denied; results: 2 pass, 0 fail, 0 warn, 0 audit, 0"
                + " error, 0 skip\n");
  }

  @Test
  void apply_withOld_judgesAMatchingObjectAsAnUpdate() throws IOException {
    Path old =
        Files.writeString(
            dir.resolve("old.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
                + "spec: {replicas: 1}\n");

    CliRun run = run(Files.readString(MANIFESTS), "--old", old.toString(), "-o", "json", "-");

    JsonNode objects = JsonMapper.builder().build().readTree(run.out()).get("objects");
    assertThat(objects.get(0).get("name").asString()).isEqualTo("web");
    assertThat(objects.get(0).get("operation").asString()).isEqualTo("UPDATE");
    assertThat(objects.get(1).get("operation").asString()).isEqualTo("CREATE");
  }

  @Test
  void apply_junit_isWellFormedWithATestcasePerObjectAndBinding() throws Exception {
    CliRun run = run(Files.readString(MANIFESTS), "-o", "junit", "-");

    assertThat(run.exitCode()).isEqualTo(3);
    Document xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
    NodeList suites = xml.getElementsByTagName("testsuite");
    NodeList cases = xml.getElementsByTagName("testcase");
    assertThat(suites.getLength()).isEqualTo(4);
    assertThat(cases.getLength()).isEqualTo(4 * 2);
    Element first = (Element) cases.item(1);
    assertThat(first.getAttribute("name")).isEqualTo("replica-limit/replica-limit-per-namespace");
    assertThat(first.getAttribute("classname")).isEqualTo("apps/v1 Deployment shop/web");
    Element failure = (Element) first.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("replicas must be at most 5, got 9");
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(3);
    assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("8");
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
  }

  @Test
  void apply_sarif_isOneRunWithAResultPerDenialAndWarning() throws IOException {
    CliRun run = run(Files.readString(MANIFESTS), "-o", "sarif", "-");

    JsonNode sarif = JsonMapper.builder().build().readTree(run.out());
    assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
    assertThat(sarif.get("$schema").asString()).contains("sarif-2.1.0");
    JsonNode runs = sarif.get("runs");
    assertThat(runs.size()).isEqualTo(1);
    assertThat(runs.get(0).get("tool").get("driver").get("rules"))
        .extracting(r -> r.get("id").asString())
        .containsExactly("prod-needs-owner", "replica-limit");
    JsonNode results = runs.get(0).get("results");
    assertThat(results)
        .extracting(r -> r.get("ruleId").asString() + " " + r.get("level").asString())
        .containsExactly("replica-limit error", "prod-needs-owner warning");
    JsonNode region = results.get(0).get("locations").get(0).get("physicalLocation").get("region");
    assertThat(region.get("startLine").asInt()).isEqualTo(2);
    assertThat(results.get(0).get("message").get("text").asString())
        .isEqualTo("apps/v1 Deployment shop/web: replicas must be at most 5, got 9");
  }

  @Test
  void apply_yaml_isTheJsonDocumentAsYaml() throws IOException {
    CliRun json = run(Files.readString(MANIFESTS), "-o", "json", "-");
    CliRun yaml = run(Files.readString(MANIFESTS), "-o", "yaml", "-");

    Object fromYaml = new org.yaml.snakeyaml.Yaml().load(yaml.out());
    Object fromJson = JsonMapper.builder().build().readValue(json.out(), Map.class);
    assertThat(fromYaml).isEqualTo(fromJson);
  }

  @Test
  void apply_longStreamOnStdin_printsEachObjectBeforeReadingTheRest() {
    String doc =
        "---\napiVersion: apps/v1\nkind: Deployment\n"
            + "metadata: {name: w, namespace: payments, labels: {owner: a}}\nspec: {replicas: 1}\n";
    int documents = 5_000;
    long total = (long) doc.length() * documents;
    long[] read = {0};
    long[] readAtFirstOutput = {-1};
    InputStream endless =
        new InputStream() {
          private final byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
          private int sent;
          private int at;

          @Override
          public int read() {
            if (sent == documents) {
              return -1;
            }
            if (at == bytes.length) {
              if (++sent == documents) {
                return -1;
              }
              at = 0;
            }
            read[0]++;
            return bytes[at++];
          }
        };
    Writer out =
        new Writer() {
          @Override
          public void write(char[] buf, int off, int len) {
            if (readAtFirstOutput[0] < 0 && len > 0) {
              readAtFirstOutput[0] = read[0];
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    CommandLine command = CeladorCommand.commandLine(new Console(endless, Map.of(), false));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(new StringWriter(), true));

    int exit = command.execute(args("-").toArray(String[]::new));

    assertThat(exit).isZero();
    assertThat(read[0]).isEqualTo(total);
    assertThat(readAtFirstOutput[0]).isPositive().isLessThan(total / 10);
  }

  @Test
  void output_junitOnEval_isRefusedAsAUsageError() {
    CliRun run =
        CliRun.of(
            "eval",
            "-p",
            SHARED.resolve("policies").toString(),
            "-o",
            "junit",
            "--admission-review",
            "x.json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--output junit is for celador apply");
  }
}
