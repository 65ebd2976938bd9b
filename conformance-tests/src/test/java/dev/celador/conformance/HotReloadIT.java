package dev.celador.conformance;

import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits to the policy directory while requests keep flowing. */
class HotReloadIT {

  @TempDir Path work;

  static String policy(String blockedPath) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: blocklist}
        spec:
          action: DENY
          rules:
            - name: blocked
              when: request.url_path == "%s"
        """
        .formatted(blockedPath);
  }

  @Test
  void reload_validThenInvalidEditUnderLoad_appliesFastKeepsOldSetNoFailedRequests()
      throws Exception {
    Path policies = Files.createDirectories(work.resolve("policies"));
    Path file = policies.resolve("blocklist.yaml");
    Files.writeString(file, policy("/v1"));
    try (CeladorProcess celador =
        CeladorProcess.startReady(policies, work, "celador.warmup.duration=300ms")) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
      var authz = AuthorizationGrpc.newBlockingStub(channel);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      List<Thread> load = new ArrayList<>();
      long loadStart = System.nanoTime();
      for (int t = 0; t < 4; t++) {
        Thread thread =
            new Thread(
                () -> {
                  while (running.get()) {
                    try {
                      authz
                          .withDeadlineAfter(2, TimeUnit.SECONDS)
                          .check(request("GET", "a.test", "/load").build());
                    } catch (RuntimeException e) {
                      failed.incrementAndGet();
                    }
                    sent.incrementAndGet();
                  }
                });
        thread.start();
        load.add(thread);
      }
      try {
        assertThat(code(authz, "/v1")).isEqualTo(Code.PERMISSION_DENIED_VALUE);
        assertThat(code(authz, "/v2")).isEqualTo(Code.OK_VALUE);

        long edited = System.nanoTime();
        Files.writeString(file, policy("/v2"));
        while (code(authz, "/v2") != Code.PERMISSION_DENIED_VALUE) {
          assertThat(System.nanoTime() - edited).isLessThan(TimeUnit.SECONDS.toNanos(2));
          Thread.sleep(10);
        }
        assertThat(code(authz, "/v1")).isEqualTo(Code.OK_VALUE);

        Files.writeString(file, policy("/v3").replace("request.url_path", "request.url_pth"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!celador.get("/readyz").body().contains("\"ok\":false")) {
          assertThat(System.nanoTime()).isLessThan(deadline);
          Thread.sleep(20);
        }
        assertThat(code(authz, "/v2")).isEqualTo(Code.PERMISSION_DENIED_VALUE);
        assertThat(code(authz, "/v3")).isEqualTo(Code.OK_VALUE);
        assertThat(celador.readyzStatus()).isEqualTo(200);
        assertThat(celador.get("/readyz").body()).contains("undefined field 'url_pth'");
        assertThat(celador.get("/metrics").body())
            .contains("celador_policy_reload_last_success 0.0");
        assertThat(celador.log()).contains("policy reload failed");
        // Keep the load on for a while after the edits, so requests span both reloads.
        while (System.nanoTime() - loadStart < TimeUnit.SECONDS.toNanos(3)) {
          Thread.sleep(50);
        }
      } finally {
        running.set(false);
        for (Thread t : load) {
          t.join(5000);
        }
        channel.shutdownNow();
      }
      assertThat(sent.get()).isGreaterThan(100);
      assertThat(failed.get()).isZero();
    }
  }

  private static int code(AuthorizationGrpc.AuthorizationBlockingStub authz, String path) {
    return authz
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(request("GET", "a.test", path).build())
        .getStatus()
        .getCode();
  }
}
