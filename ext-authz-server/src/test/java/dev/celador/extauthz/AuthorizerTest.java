package dev.celador.extauthz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.SourceFile;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: costly}
      spec:
        target: {hosts: [costly.test]}
        action: ALLOW
        rules:
          - name: any-ok-header
            when: request.headers.exists(k, k == "x-ok")
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: cheap}
      spec:
        target: {hosts: [cheap.test]}
        action: ALLOW
        rules:
          - name: reads
            when: request.method == "GET"
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: scan}
      spec:
        target: {hosts: [scan.test]}
        action: ALLOW
        rules:
          - name: no-bad-suffix
            when: '!request.headers["x-a"].matches("(x|y|a)*[ab]{20}c")'
      """;

  private final PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
  private final CostlyLane lane = new CostlyLane(1, 1);
  private final Authorizer authorizer = new Authorizer(engine, DecisionListener.NONE, lane);

  AuthorizerTest() {
    assertThat(engine.reloadSources(List.of(new SourceFile("p.yaml", POLICIES))).hasErrors())
        .isFalse();
  }

  @AfterEach
  void closeLane() {
    lane.close();
  }

  private static AuthzRequest request(String host) {
    return request(host, Map.of("x-ok", "1", "x-a", "abc"));
  }

  private static AuthzRequest request(String host, Map<String, String> headers) {
    return AuthzRequest.builder()
        .request(
            HttpAttributes.builder()
                .method("GET")
                .path("/")
                .host(host)
                .scheme("http")
                .protocol("HTTP/1.1")
                .headers(headers)
                .build())
        .build();
  }

  private record Answer(Verdict verdict, String thread) {}

  private Answer authorize(String host) throws Exception {
    return authorize(request(host));
  }

  private Answer authorize(AuthzRequest request) throws Exception {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    authorizer.authorize(
        Transport.HTTP,
        () -> request,
        v -> answer.complete(new Answer(v, Thread.currentThread().getName())));
    return answer.get(10, TimeUnit.SECONDS);
  }

  @Test
  void authorize_beforeAnyPolicyLoaded_isNotReadyNeverADecision() throws Exception {
    try (PolicyEngine empty = PolicyEngine.create(Clock.systemUTC())) {
      CompletableFuture<Verdict> answer = new CompletableFuture<>();
      new Authorizer(empty, DecisionListener.NONE, lane)
          .authorize(Transport.GRPC, () -> request("cheap.test"), answer::complete);

      Verdict verdict = answer.get(10, TimeUnit.SECONDS);
      assertThat(verdict.failure()).isEqualTo(Verdict.Failure.NOT_READY);
      assertThat(verdict.decision()).isNull();
    }
  }

  @Test
  void authorize_plainRbacRule_decidedOnTheCallingThread() throws Exception {
    Answer answer = authorize("cheap.test");

    assertThat(answer.verdict().decision().allowed()).isTrue();
    assertThat(answer.thread()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void authorize_meteredRule_decidedOnTheCostlyLane() throws Exception {
    Answer answer = authorize("costly.test");

    assertThat(answer.verdict().decision().allowed()).isTrue();
    assertThat(answer.verdict().decision().rule()).isEqualTo("any-ok-header");
    assertThat(answer.thread()).startsWith("celador-costly-");
  }

  @Test
  void authorize_literalRegexOnASmallRequest_decidedOnTheCallingThread() throws Exception {
    Answer answer = authorize("scan.test");

    assertThat(answer.verdict().decision().allowed()).isTrue();
    assertThat(answer.thread()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void authorize_literalRegexOverA60KiBHeader_decidedOnTheCostlyLane() throws Exception {
    // Linear in the header, but 60 KiB times the regex's program is milliseconds of CPU.
    Answer answer = authorize(request("scan.test", Map.of("x-a", "a".repeat(60 * 1024))));

    assertThat(answer.verdict().decision().allowed()).isTrue();
    assertThat(answer.thread()).startsWith("celador-costly-");
  }

  @Test
  void authorize_laneFull_deniedAt503AtOnceWhileCheapRequestsGoOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    lane.submit(
        () -> {
          running.countDown();
          await(release);
        },
        () -> {});
    running.await(10, TimeUnit.SECONDS);
    lane.submit(() -> await(release), () -> {}); // fills the queue of one
    try {
      Answer refused = authorize("costly.test");
      Answer cheap = authorize("cheap.test");

      assertThat(refused.verdict().failed()).isFalse();
      assertThat(refused.verdict().decision().allowed()).isFalse();
      assertThat(refused.verdict().decision().status()).isEqualTo(503);
      assertThat(refused.verdict().decision().responseHeaders()).containsEntry("retry-after", "1");
      assertThat(refused.thread()).isEqualTo(Thread.currentThread().getName());
      assertThat(cheap.verdict().decision().allowed()).isTrue();
    } finally {
      release.countDown();
    }
  }

  @Test
  void authorize_mappingFails_badRequestWithoutTouchingTheLane() throws Exception {
    CompletableFuture<Verdict> answer = new CompletableFuture<>();
    authorizer.authorize(
        Transport.HTTP,
        () -> {
          throw new InvalidRequestException("no host");
        },
        answer::complete);

    assertThat(answer.get(10, TimeUnit.SECONDS).failure()).isEqualTo(Verdict.Failure.BAD_REQUEST);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
