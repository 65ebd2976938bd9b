package dev.celador.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong documents an editor flags are the ones {@code celador check} (policies) and {@code celador
 * test} (suites) refuse, at the line of the mistake; the good ones pass both.
 */
class SchemaCheckParityTest {

  private static final String LIMIT =
      """
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: per-ip, namespace: shop}
      spec:
        limits:
          - name: per-ip
            key: source.address
            rate: {requests: 10, period: 1s}
            burst: 20
      """;

  private static final String VAP =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: replicas}
      spec:
        matchConstraints:
          resourceRules:
            - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
        validations:
          - expression: object.spec.replicas <= 5
            message: at most 5 replicas
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: replicas}
      spec:
        policyName: replicas
        validationActions: [Deny]
      """;

  private static final String JWT =
      """
      apiVersion: celador.dev/v1alpha1
      kind: JwtAuthentication
      metadata: {name: tokens, namespace: shop}
      spec:
        audiences: [orders]
        required: true
        issuers:
          - issuer: https://id.example.com
            jwksFile: keys.json
      """;

  @TempDir Path dir;

  static Stream<Arguments> wrongDocuments() {
    return Stream.of(
        Arguments.of("orders.yaml", Samples.POLICY.replace("  action:", "  actoin:"), 5),
        Arguments.of("orders.yaml", Samples.POLICY.replace("status: 403", "status: \"403\""), 9),
        Arguments.of(
            "orders.yaml", Samples.POLICY.replaceAll("(?s)  rules:.*GET\"\n", "  rules: all\n"), 6),
        Arguments.of("limits.yaml", LIMIT.replace("burst: 20", "burst: many"), 9),
        Arguments.of("limits.yaml", LIMIT.replace("      burst:", "      bursts:"), 9),
        Arguments.of("replicas.yaml", VAP.replace("message: at", "messsage: at"), 10),
        Arguments.of("replicas.yaml", VAP.replace("[Deny]", "Deny"), 17),
        Arguments.of("tokens.yaml", JWT.replace("required: true", "required: \"true\""), 6),
        Arguments.of("orders_test.yaml", Samples.SUITE.replace("expect:", "expected:"), 11),
        Arguments.of(
            "orders_test.yaml", Samples.SUITE.replace("policies: [orders.yaml]", "policy: x"), 5),
        Arguments.of("orders_test.yaml", Samples.SUITE.replace("status: 200", "status: ok"), 11));
  }

  @ParameterizedTest
  @MethodSource("wrongDocuments")
  void wrongDocument_schemaAndCelador_bothRejectItAtItsLine(String name, String text, int line)
      throws IOException {
    Path file = write(name, text);

    assertThat(JsonSchemas.errors(JsonSchemas.forFile(file), text)).as("schema").isNotEmpty();
    CliRun run = celador(file);
    assertThat(run.exitCode()).as(run.out() + run.err()).isNotZero();
    assertThat(run.out() + run.err()).contains(name + ":" + line + ":");
  }

  @Test
  void goodDocuments_schemaAndCelador_bothAcceptThem() throws IOException {
    for (String[] good :
        new String[][] {
          {"limits.yaml", LIMIT}, {"replicas.yaml", VAP}, {"orders_test.yaml", Samples.SUITE}
        }) {
      Path file = write(good[0], good[1]);
      assertThat(JsonSchemas.errors(JsonSchemas.forFile(file), good[1])).as(good[0]).isEmpty();
      CliRun run = celador(file);
      assertThat(run.exitCode()).as(good[0] + ": " + run.out() + run.err()).isZero();
    }
    assertThat(JsonSchemas.errors(JsonSchemas.forFile(dir.resolve("tokens.yaml")), JWT)).isEmpty();
  }

  /** Policies go through {@code check}, suites through {@code test} ({@code check} skips them). */
  private CliRun celador(Path file) {
    return file.getFileName().toString().endsWith("_test.yaml")
        ? CliRun.of("test", file.toString())
        : CliRun.of("check", file.toString());
  }

  private Path write(String name, String text) throws IOException {
    Files.writeString(dir.resolve("orders.yaml"), Samples.POLICY);
    return Files.writeString(dir.resolve(name), text);
  }
}
