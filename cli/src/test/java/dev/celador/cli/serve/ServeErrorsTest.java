package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import dev.celador.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** serve's start-up errors name the setting or port at fault; a policy file serves like a dir. */
class ServeErrorsTest {

  private static final String DENY_ALL =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: closed}
      spec:
        target: {hosts: [closed.shop]}
        action: DENY
        rules:
          - {name: everyone, when: "true"}
      """;

  @TempDir Path dir;

  @Test
  void serve_noPolicies_exitsOneNamingTheFlagAndSetting() {
    CliRun run = CliRun.of("serve", "--set", "celador.policies=");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err())
        .contains("--policies", "celador.policies")
        .doesNotContain("null")
        .doesNotContain("internal error");
  }

  @Test
  void serve_missingPolicies_exitsOneNamingThePath() {
    Path missing = dir.resolve("nope");

    CliRun run = CliRun.of("serve", "--policies", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("no such file or directory: " + missing);
  }

  @Test
  void serve_policyFile_servesItsPolicies() throws Exception {
    Path file = Files.writeString(dir.resolve("closed.yaml"), DENY_ALL);
    Map<String, String> set = localSettings(file);
    ServeRuntime runtime = new ServeRuntime(Settings.resolve(null, Map.of(), set), quietOut());
    try {
      runtime.start();

      assertThat(ServeTestClient.check(runtime.httpPort(), "closed.shop", "")).isEqualTo(403);
      assertThat(ServeTestClient.check(runtime.httpPort(), "open.shop", "")).isEqualTo(200);
    } finally {
      runtime.stop();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"celador.grpc.port", "celador.http.port", "celador.management.port"})
  void serve_portInUse_exitsOneNamingPortAndSetting(String setting) throws IOException {
    Path file = Files.writeString(dir.resolve("closed.yaml"), DENY_ALL);
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> set = localSettings(file);
      set.put(setting, String.valueOf(busy.getLocalPort()));

      CliRun run = CliRun.of(serveArgs(set));

      assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
      assertThat(run.err())
          .contains("127.0.0.1:" + busy.getLocalPort() + " (" + setting + ")", "in use")
          .doesNotContain("internal error");
    }
  }

  private static Map<String, String> localSettings(Path policies) {
    Map<String, String> set = new HashMap<>();
    set.put("celador.policies", policies.toString());
    set.put("celador.server.host", "127.0.0.1");
    set.put("celador.management.host", "127.0.0.1");
    set.put("celador.grpc.port", "0");
    set.put("celador.http.port", "0");
    set.put("celador.management.port", "0");
    set.put("celador.warmup.duration", "0ms");
    set.put("celador.reload.enabled", "false");
    set.put("celador.decision-log.enabled", "false");
    set.put("celador.shutdown.drain-delay", "0ms");
    set.put("celador.shutdown.grace", "1s");
    return set;
  }

  private static String[] serveArgs(Map<String, String> set) {
    List<String> args = new ArrayList<>(List.of("serve"));
    set.forEach((name, value) -> args.addAll(List.of("--set", name + "=" + value)));
    return args.toArray(String[]::new);
  }

  private static PrintStream quietOut() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
