package dev.celador.engine;

import static dev.celador.engine.Policies.CLOCK;
import static dev.celador.engine.Policies.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.engine.source.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineTest {

  private static final String GOOD =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: gets-only}
      spec:
        action: ALLOW
        rules:
          - name: gets
            when: request.method == "GET"
      """;

  @TempDir Path dir;

  @Test
  void load_schemaAndCelErrorsInOneDocument_reportsAllInOneRun() throws IOException {
    Path file =
        write(
            "broken.yaml",
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: broken}
            spec:
              action: ALLOW
              dryRun: "no"
              colour: blue
              rules:
                - name: a
                  when: claims.sub == "x"
                - name: b
                  when: request.method
            """);
    LoadResult result = PolicyEngine.create(CLOCK).load(List.of(file));
    assertThat(result.hasErrors()).isTrue();
    assertThat(result.diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly(
            "wrong_type", "unknown_field", "undeclared_reference", "wrong_result_type");
    assertThat(result.render()).contains("\n    colour: blue\n    ^");
  }

  @Test
  void reload_brokenEdit_keepsLastGoodSet() throws IOException {
    Path file = write("p.yaml", GOOD);
    PolicyEngine engine = PolicyEngine.create(CLOCK);
    assertThat(engine.reload(List.of(file)).hasErrors()).isFalse();
    assertThat(engine.evaluate(request("a", "b", "POST", "/", Map.of()), false).allowed())
        .isFalse();

    Files.writeString(file, GOOD.replace("request.method == \"GET\"", "request.methd == 1"));
    LoadResult broken = engine.reload(List.of(file));

    assertThat(broken.hasErrors()).isTrue();
    assertThat(engine.evaluate(request("a", "b", "GET", "/", Map.of()), false).allowed()).isTrue();
    assertThat(engine.evaluate(request("a", "b", "POST", "/", Map.of()), false).allowed())
        .isFalse();
  }

  @Test
  void evaluate_beforeAnyLoad_failsLoudly() {
    assertThatThrownBy(
            () ->
                PolicyEngine.create(CLOCK).evaluate(request("a", "b", "GET", "/", Map.of()), false))
        .isInstanceOf(IllegalStateException.class);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
