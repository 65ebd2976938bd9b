package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The webhook with params and Namespaces from files answers every {@code celador eval
 * --admission-review} golden case of the CLI with the same bytes, counts per-policy results in
 * Prometheus metrics and writes one JSON decision log line per review.
 */
class WebhookOfflineSourcesTest {

  private static final Path CASES = Path.of("../cli/src/test/resources/eval-admission");

  @TempDir static Path dir;
  static TestServer server;
  static SSLContext client;
  static ListAppender<ILoggingEvent> decisions = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    var ca = WebhookCertificates.certificateAuthority("ca", TestServer.NOW, Duration.ofDays(1));
    var leaf =
        WebhookCertificates.servingCertificate(
            ca, TestServer.SERVICE, TestServer.NAMESPACE, TestServer.NOW, Duration.ofDays(1));
    Path shared = CASES.resolve("shared");
    server =
        new TestServer(
            dir,
            List.of(leaf.certificate()),
            leaf,
            List.of(
                "--celador.webhook.policies=" + shared.resolve("policies"),
                "--celador.webhook.params=" + shared.resolve("params"),
                "--celador.webhook.namespaces=" + shared.resolve("namespaces")));
    client = TestServer.trusting(ca.certificate());
    decisions.start();
    ((Logger) LoggerFactory.getLogger("celador.decisions")).addAppender(decisions);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger("celador.decisions")).detachAppender(decisions);
    server.close();
  }

  @Test
  void validate_everyCliGoldenReview_answersTheSameBytes() throws Exception {
    List<Path> reviews;
    try (Stream<Path> files = Files.list(CASES)) {
      reviews =
          files
              .map(caseDir -> caseDir.resolve("review.json"))
              .filter(Files::exists)
              .sorted()
              .toList();
    }
    assertThat(reviews).hasSizeGreaterThanOrEqualTo(5);
    for (Path review : reviews) {
      var response = server.post(client, Files.readAllBytes(review));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body() + "\n")
          .as("response to %s", review)
          .isEqualTo(Files.readString(review.resolveSibling("expected.json")));
    }
  }

  @Test
  void metrics_afterReviews_countPerPolicyAndBindingWithoutObjectNames() throws Exception {
    server.post(
        client, Files.readAllBytes(CASES.resolve("shop-over-limit-denied-with-audit/review.json")));

    var metrics = server.management("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "celador_admission_policy_evaluations_total{binding=\"replica-limit-per-namespace\","
                + "policy=\"replica-limit\",result=\"deny\"}")
        .contains(
            "celador_admission_policy_evaluations_total{binding=\"prod-needs-owner-warn\","
                + "policy=\"prod-needs-owner\",result=\"allow\"}")
        .contains("celador_admission_reviews_total{allowed=\"false\",code=\"403\"}")
        .contains("celador_admission_policies 2.0")
        .doesNotContain("name=\"web\"")
        .doesNotContain("shop\"");
    var live = server.management("/healthz");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body())
        .isEqualTo(
            "{\"live\":true,\"admission\":{\"ready\":true,\"state\":\"serving\",\"port\":"
                + server.port
                + ",\"policies\":2,\"tls\":\"files\"}}\n");
    var ready = server.management("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).startsWith("{\"ready\":true,\"admission\":{\"ready\":true,");
  }

  @Test
  void validate_review_writesOneJsonDecisionLine() throws Exception {
    decisions.list.clear();

    server.post(client, Files.readAllBytes(CASES.resolve("payments-param-from-list/review.json")));

    assertThat(decisions.list).hasSize(1);
    String line = decisions.list.get(0).getFormattedMessage();
    assertThat(line)
        .startsWith("{\"time\":\"")
        .containsPattern("\"decision_id\":\"[0-9a-f-]{36}\",\"type\":\"admission\"")
        .containsPattern("\"revision\":\"[0-9a-f]{16}\",\"allowed\":false,\"status\":403,")
        .contains(
            "\"uid\":\"33333333-payments\",\"operation\":\"CREATE\","
                + "\"resource\":\"apps/v1/deployments\",\"namespace\":\"payments\",\"name\":\"api\","
                + "\"user\":\"alice\",\"dry_run\":false,")
        .contains(
            "\"policies\":[{\"policy\":\"replica-limit\",\"binding\":\"replica-limit-per-namespace\","
                + "\"result\":\"deny\"}]")
        .doesNotContain("\"object\"")
        .endsWith("}");
  }
}
