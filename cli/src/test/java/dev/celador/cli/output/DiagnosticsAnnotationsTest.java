package dev.celador.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code check --format github|sarif}: diagnostics as CI annotations. */
class DiagnosticsAnnotationsTest {

  private static final Diagnostic ERROR =
      Diagnostic.error(
          "undefined_field",
          new SourceLocation("policies/orders.yaml", 10, 20),
          "undefined field 'methd'");
  private static final Diagnostic WARNING =
      Diagnostic.warning(
          "unbound_policy",
          new SourceLocation("policies/a, b.yaml", 1, 1),
          "100% unbound: line one\nline two");

  @Test
  void github_errorAndWarning_oneWorkflowCommandEach() {
    String text = DiagnosticsGithub.render(List.of(ERROR, WARNING));

    assertThat(text)
        .isEqualTo(
            "::error file=policies/orders.yaml,line=10,col=20,title=undefined_field::undefined"
                + " field 'methd'\n"
                + "::warning file=policies/a%2C b.yaml,line=1,col=1,title=unbound_policy::100%25"
                + " unbound: line one%0Aline two\n");
  }

  @Test
  void github_noDiagnostics_empty() {
    assertThat(DiagnosticsGithub.render(List.of())).isEmpty();
  }

  @Test
  void sarif_errorAndWarning_resultsWithRulesAndRegions() {
    JsonNode sarif =
        JsonMapper.builder().build().readTree(DiagnosticsSarif.render(List.of(ERROR, WARNING)));

    assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
    assertThat(sarif.get("$schema").asString()).contains("sarif-2.1.0");
    JsonNode run = sarif.get("runs").get(0);
    assertThat(run.get("tool").get("driver").get("name").asString()).isEqualTo("celador");
    JsonNode rules = run.get("tool").get("driver").get("rules");
    assertThat(List.of(rules.get(0).get("id").asString(), rules.get(1).get("id").asString()))
        .containsExactly("unbound_policy", "undefined_field");
    assertThat(rules.size()).isEqualTo(2);
    JsonNode first = run.get("results").get(0);
    assertThat(first.get("ruleId").asString()).isEqualTo("undefined_field");
    assertThat(first.get("level").asString()).isEqualTo("error");
    assertThat(first.get("message").get("text").asString()).isEqualTo("undefined field 'methd'");
    JsonNode location = first.get("locations").get(0).get("physicalLocation");
    assertThat(location.get("artifactLocation").get("uri").asString())
        .isEqualTo("policies/orders.yaml");
    assertThat(location.get("region").get("startLine").asInt()).isEqualTo(10);
    assertThat(location.get("region").get("startColumn").asInt()).isEqualTo(20);
    JsonNode second = run.get("results").get(1);
    assertThat(second.get("level").asString()).isEqualTo("warning");
    assertThat(
            second
                .get("locations")
                .get(0)
                .get("physicalLocation")
                .get("artifactLocation")
                .get("uri")
                .asString())
        .isEqualTo("policies/a,%20b.yaml");
  }

  @Test
  void sarif_noDiagnostics_oneRunWithNoResults() {
    JsonNode sarif = JsonMapper.builder().build().readTree(DiagnosticsSarif.render(List.of()));

    assertThat(sarif.get("runs").get(0).get("results")).isEmpty();
  }
}
