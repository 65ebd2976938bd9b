package dev.celador.engine;

import static dev.celador.engine.Policies.CLOCK;
import static dev.celador.engine.Policies.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineTest {

  static final String GOOD =
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
  void decide_beforeAnyLoad_isNotReadyAsAValueAndNeverAllows() throws Exception {
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      Decision now = engine.evaluate(request("a", "b", "GET", "/", Map.of()), false);
      Decision later = engine.decide(request("a", "b", "GET", "/", Map.of())).get();

      assertThat(now.effect()).isEqualTo(Decision.Effect.NOT_READY);
      assertThat(later).isEqualTo(now);
      assertThat(now.allowed()).isFalse();
      assertThat(now.status()).isEqualTo(503);
      assertThat(engine.snapshot()).isEmpty();
    }
  }

  @Test
  void decide_afterLoad_effectFollowsTheDecision() throws Exception {
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      engine.reload(List.of(write("good.yaml", GOOD)));

      assertThat(engine.decide(request("a", "b", "GET", "/", Map.of())).get().effect())
          .isEqualTo(Decision.Effect.ALLOW);
      assertThat(engine.decide(request("a", "b", "POST", "/", Map.of())).get().effect())
          .isEqualTo(Decision.Effect.DENY);
      assertThat(engine.snapshot().orElseThrow().revision()).isEqualTo(engine.revision());
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
