package dev.celador.conformance;

import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks from issue 17 against the packaged {@code celador serve}, run like the chart runs it
 * (heap capped, exit on OutOfMemoryError): each must end in a prompt answer with the process up.
 */
class HostileInputIT {

  @TempDir static Path work;
  static CeladorProcess celador;
  static ManagedChannel channel;
  static AuthorizationGrpc.AuthorizationBlockingStub authz;

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.copy(
        Path.of("src/test/resources/hostile/policies.yaml"), policies.resolve("policies.yaml"));
    celador =
        CeladorProcess.startReady(
            policies,
            work,
            "celador.warmup.duration=300ms",
            "celador.decision-log.allow-sample-rate=1.0");
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort)
            .usePlaintext()
            .maxInboundMessageSize(16 * 1024 * 1024)
            .build();
    authz = AuthorizationGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (celador != null) {
      celador.close();
    }
  }

  static CheckResponse check(Checks request) {
    return authz.withDeadlineAfter(10, TimeUnit.SECONDS).check(request.build());
  }

  /** Before, each local bucket kept its key: 9,000 distinct 60 KB keys exhausted the heap. */
  @Test
  void grpc_tenThousandDistinct64KiBRateLimitKeys_allDecidedAndTheProcessStaysUp() {
    String padding = "k".repeat(64 * 1024 - 8);
    for (int i = 0; i < 10_000; i++) {
      String key = String.format("%08d", i) + padding;
      CheckResponse r = check(request("GET", "keys.test", "/").header("x-api-key", key));
      assertThat(r.getStatus().getCode()).as("request %d", i).isEqualTo(Code.OK_VALUE);
    }

    assertThat(celador.alive()).isTrue();
    // The buckets are still there, under their digests: the first key has spent its one request.
    CheckResponse again =
        check(request("GET", "keys.test", "/").header("x-api-key", "00000000" + padding));
    assertThat(again.getStatus().getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
  }

  /** Before, Netty refused the header: a bare 500 while the decision log said allow/200. */
  @Test
  void http_headerValueWithCrLf_allowedWithoutTheHeaderAndTheLogSaysWhy() throws Exception {
    String body = "bob\r\nx-admin: true";
    String answer =
        celador.rawHttp(
            "POST /x HTTP/1.1\r\nHost: echo.test\r\nContent-Length: "
                + body.length()
                + "\r\nConnection: close\r\n\r\n"
                + body,
            4096);
    String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);

    assertThat(head).startsWith("http/1.1 200");
    assertThat(head).doesNotContain("x-user:").doesNotContain("x-admin");
    assertThat(head).contains("x-envoy-auth-headers-to-remove: x-user");
    Thread.sleep(300); // the decision log is written by a background thread
    assertThat(celador.decisionLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"decision\":\"allow\"", "\"status\":200", "\"host\":\"echo.test\"")
                    .contains("header x-user not sent: its value has the control character"));
  }

  @Test
  void grpc_headerValueWithCrLf_neverSentUpstream() {
    CheckResponse r = check(request("POST", "echo.test", "/x").body("bob\r\nx-admin: true"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(r.getOkResponse().getHeadersList())
        .noneSatisfy(h -> assertThat(h.getHeader().getKey()).isEqualTo("x-user"));
    assertThat(r.getOkResponse().getHeadersToRemoveList()).contains("x-user");
  }

  /** Before, a 268 M-character join was built before the meter looked; three killed the JVM. */
  @Test
  void grpc_joinThatWouldBuild16MiB_deniedPromptlyThreeAtOnce() throws Exception {
    String mebi = "x".repeat(1 << 20);
    List<CompletableFuture<CheckResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> check(request("GET", "join.test", "/").header("x-big", mebi))));
    }
    for (CompletableFuture<CheckResponse> answer : answers) {
      CheckResponse r = answer.get(30, TimeUnit.SECONDS);
      assertThat(r.getStatus().getCode()).isNotEqualTo(Code.OK_VALUE);
    }

    assertThat(celador.alive()).isTrue();
    CheckResponse small = check(request("GET", "join.test", "/").header("x-big", "ok"));
    assertThat(small.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void grpc_acceptedSlowRegexOver60KiB_decidedAndPlainRoutesStillAnswer() {
    CheckResponse slow =
        check(request("GET", "regex.test", "/").header("x-a", "a".repeat(60 * 1024)));
    CheckResponse plain = check(request("GET", "plain.test", "/"));

    assertThat(slow.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(plain.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }
}
