package dev.celador.conformance;

import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celador serve --admission} with tracing on, exporting to a real OpenTelemetry Collector:
 * the caller's trace continues through a Check and a review, with the deciding policy and rule.
 */
class TracingIT {

  static final String ACCESS_POLICY =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: admin-block}
      spec:
        action: DENY
        rules:
          - name: no-admin
            when: request.url_path == "/admin"
      """;

  /** Labels every new Deployment: one binding applies, the answer's patch holds one operation. */
  private static final String MUTATING_POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicy
      metadata:
        name: team-label
      spec:
        failurePolicy: Fail
        reinvocationPolicy: Never
        matchConstraints:
          resourceRules:
            - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
        mutations:
          - patchType: JSONPatch
            jsonPatch:
              expression: >-
                [JSONPatch{op: "add", path: "/metadata/labels", value: {"team": "shop"}}]
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicyBinding
      metadata:
        name: team-label
      spec:
        policyName: team-label
      """;

  @TempDir static Path work;
  static OtelCollector collector;
  static CeladorProcess celador;
  static AdmissionServeIT.ServingTls tls;
  static int webhookPort;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    collector = OtelCollector.start(work);
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(policies.resolve("access.yaml"), ACCESS_POLICY);
    Files.copy(
        Path.of(TracingIT.class.getResource("/admission/policies.yaml").toURI()),
        policies.resolve("admission.yaml"));
    Files.writeString(policies.resolve("mutating.yaml"), MUTATING_POLICY);
    tls = AdmissionServeIT.ServingTls.write(work);
    webhookPort = CeladorProcess.freePort();
    celador =
        CeladorProcess.start(
            policies,
            work,
            List.of("--admission"),
            "celador.warmup.duration=300ms",
            "celador.tracing.otlp.endpoint=" + collector.endpoint(),
            // Only callers' sampled traces: a warm-up or other root span must not be exported.
            "celador.tracing.sample-ratio=0",
            "celador.webhook.host=127.0.0.1",
            "celador.webhook.port=" + webhookPort,
            "celador.webhook.tls.certificate=" + tls.certificate(),
            "celador.webhook.tls.private-key=" + tls.privateKey());
    celador.awaitReady(Duration.ofSeconds(90));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (celador != null) {
      celador.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  private static String hex(int digits) {
    StringBuilder s = new StringBuilder();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (s.length() < digits) {
      s.append(Character.forDigit(random.nextInt(16), 16));
    }
    return s.toString();
  }

  private static int check(String path, String traceparent) {
    return AuthorizationGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(request("GET", "shop.test", path).header("traceparent", traceparent).build())
        .getStatus()
        .getCode();
  }

  /** POSTs an AdmissionReview to the webhook's {@code path} over HTTPS with a traceparent. */
  private static HttpResponse<String> postReview(String path, String review, String traceparent)
      throws Exception {
    HttpClient https =
        HttpClient.newBuilder()
            .sslContext(AdmissionServeIT.trusting(tls.ca()))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return AdmissionServeIT.post(
        https,
        webhookPort,
        path,
        review,
        HttpRequest.newBuilder().header("traceparent", traceparent));
  }

  @Test
  void check_sampledTraceparent_spanInCollectorWithDecidingPolicyAndRule() throws Exception {
    String trace = hex(32);
    String parent = hex(16);

    assertThat(check("/admin", "00-" + trace + "-" + parent + "-01"))
        .isEqualTo(Code.PERMISSION_DENIED_VALUE);

    OtelCollector.ReceivedSpan span =
        collector.await(s -> s.traceId().equals(trace), Duration.ofSeconds(20));
    assertThat(span.name()).isEqualTo("celador.check");
    assertThat(span.parentId()).isEqualTo(parent);
    assertThat(span.attributes())
        .containsEntry("celador.decision", "deny")
        .containsEntry("celador.rule", "no-admin")
        .containsEntry("celador.transport", "grpc")
        .containsEntry("http.response.status_code", "403");
    assertThat(span.attributes().get("celador.policy")).endsWith("admin-block");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!celador
        .get("/metrics")
        .body()
        .matches("(?s).*celador_tracing_spans_exported_total [1-9].*")) {
      assertThat(System.nanoTime()).as("spans counted as exported").isLessThan(deadline);
      Thread.sleep(100);
    }
    // The decision-log line of the same request carries the same trace and the same policy.
    assertThat(celador.decisionLines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"trace_id\":\"" + trace + "\"", "\"span_id\":\"" + parent + "\"")
                    .contains("\"policy\":\"" + span.attributes().get("celador.policy") + "\""));
  }

  @Test
  void check_unsampledTraceparent_noSpanExported() throws Exception {
    String unsampled = hex(32);
    String sampled = hex(32);

    check("/admin", "00-" + unsampled + "-" + hex(16) + "-00");
    check("/admin", "00-" + sampled + "-" + hex(16) + "-01");

    // Spans leave in the order they end: once the later, sampled one arrived, the earlier one
    // would have too.
    collector.await(s -> s.traceId().equals(sampled), Duration.ofSeconds(20));
    assertThat(collector.spans()).noneMatch(s -> s.traceId().equals(unsampled));
  }

  @Test
  void review_traceparentHeader_spanInCollectorWithDecidingPolicyAndBinding() throws Exception {
    String trace = hex(32);
    String parent = hex(16);

    var answer =
        postReview(
            "/validate",
            AdmissionServeIT.review("uid-traced", 9),
            "00-" + trace + "-" + parent + "-01");

    assertThat(answer.body()).contains("\"allowed\":false");
    OtelCollector.ReceivedSpan span =
        collector.await(s -> s.traceId().equals(trace), Duration.ofSeconds(20));
    assertThat(span.name()).isEqualTo("celador.admit");
    assertThat(span.parentId()).isEqualTo(parent);
    assertThat(span.attributes())
        .containsEntry("celador.decision", "deny")
        .containsEntry("celador.policy", "replica-limit")
        .containsEntry("celador.binding", "replica-limit")
        .containsEntry("celador.admission.result", "deny")
        .containsEntry("celador.admission.operation", "CREATE")
        .containsEntry("celador.admission.resource", "apps/v1/deployments")
        .containsEntry("http.response.status_code", "403");
    assertThat(celador.decisionLines())
        .anySatisfy(
            l ->
                assertThat(l).contains("\"uid\":\"uid-traced\"", "\"trace_id\":\"" + trace + "\""));
  }

  @Test
  void mutate_traceparentHeader_spanInCollectorWithPatchSize() throws Exception {
    String trace = hex(32);
    String parent = hex(16);

    var answer =
        postReview(
            "/mutate",
            AdmissionServeIT.review("uid-mutated", 2),
            "00-" + trace + "-" + parent + "-01");

    assertThat(answer.body()).contains("\"allowed\":true", "\"patchType\":\"JSONPatch\"");
    OtelCollector.ReceivedSpan span =
        collector.await(s -> s.traceId().equals(trace), Duration.ofSeconds(20));
    assertThat(span.name()).isEqualTo("celador.mutate");
    assertThat(span.parentId()).isEqualTo(parent);
    assertThat(span.attributes())
        .containsEntry("celador.decision", "allow")
        .containsEntry("celador.admission.policies", "1")
        .containsEntry("celador.admission.patch_operations", "1")
        .containsEntry("celador.admission.operation", "CREATE")
        .containsEntry("celador.admission.resource", "apps/v1/deployments");
  }
}
