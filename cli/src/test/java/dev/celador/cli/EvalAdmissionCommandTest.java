package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage and input errors of {@code celador eval --admission-review}: one line, exit code 1. */
class EvalAdmissionCommandTest {

  private static final Path SHARED = Path.of("src/test/resources/eval-admission/shared");
  private static final Path REVIEW =
      Path.of("src/test/resources/eval-admission/shop-allowed/review.json");

  @TempDir Path dir;

  @Test
  void eval_wrongReviewVersion_exits1NamingFileAndVersion() throws IOException {
    Path review =
        Files.writeString(
            dir.resolve("v1beta1.json"),
            "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\","
                + "\"request\":{\"uid\":\"u\"}}");

    CliRun run = run(review, SHARED.resolve("namespaces"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "celador: "
                + review
                + ": expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got"
                + " apiVersion admission.k8s.io/v1beta1 and kind AdmissionReview\n");
  }

  @Test
  void eval_malformedReviewJson_exits1() throws IOException {
    Path review = Files.writeString(dir.resolve("broken.json"), "{\"apiVersion\": ");

    CliRun run = run(review, SHARED.resolve("namespaces"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("celador: " + review + ": malformed JSON: ");
  }

  @Test
  void eval_namespacesFileWithAnotherKind_exits1NamingFileAndLine() throws IOException {
    Path namespaces =
        Files.writeString(
            dir.resolve("ns.yaml"),
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");

    CliRun run = run(REVIEW, namespaces);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "celador: "
                + namespaces
                + ":5: expected apiVersion v1 and kind Namespace, got v1 ConfigMap\n");
  }

  @Test
  void eval_paramsWithHttpRequest_exits1() {
    CliRun run =
        CliRun.of(
            "eval",
            "--policies",
            SHARED.resolve("policies").toString(),
            "--params",
            SHARED.resolve("params").toString(),
            "--request",
            REVIEW.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("celador: --params and --namespaces apply only with --admission-review\n");
  }

  @Test
  void eval_requestAndAdmissionReviewTogether_isAUsageError() {
    CliRun run =
        CliRun.of(
            "eval",
            "--policies",
            SHARED.resolve("policies").toString(),
            "--request",
            REVIEW.toString(),
            "--admission-review",
            REVIEW.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("mutually exclusive");
  }

  private static CliRun run(Path review, Path namespaces) {
    return CliRun.of(
        "eval",
        "--policies",
        SHARED.resolve("policies").toString(),
        "--params",
        SHARED.resolve("params").toString(),
        "--namespaces",
        namespaces.toString(),
        "--admission-review",
        review.toString());
  }
}
