package dev.celador.cli;

import dev.celador.cli.serve.ServeRuntime;
import dev.celador.cli.serve.Settings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code celador serve}: the Envoy ext_authz server (gRPC, HTTP mode) with hot reload. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve Envoy ext_authz (gRPC v3 and HTTP mode) from policies, reloading them on change.",
      "Defaults: gRPC :9191, HTTP mode :9192, management :9193 (/healthz /readyz /metrics).",
      "--admission adds the admission webhook: HTTPS :9443 (POST /validate); its health and metrics"
          + " are on the management port.",
      "Settings (celador.*): defaults < --config file < CELADOR_* environment variables < --set;"
          + " unknown names are refused. Durations as Go writes them: 250ms, 1.5s, 1h30m."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--policies",
      paramLabel = "PATH",
      description = "Policy file or directory to serve (setting celador.policies).")
  Path policies;

  @Option(
      names = "--admission",
      description =
          "Also serve the Kubernetes admission webhook (HTTPS POST /validate, default :9443;"
              + " celador.webhook.*).")
  boolean admission;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Settings file (.properties or .yaml).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description = "Override one setting, e.g. --set celador.grpc.port=50051.")
  Map<String, String> set = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>(set);
    if (policies != null) {
      overrides.put("celador.policies", policies.toString());
    }
    if (admission) {
      overrides.put("celador.webhook.enabled", "true");
    }
    Settings settings = Settings.resolve(config, System.getenv(), overrides);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    ServeRuntime runtime = new ServeRuntime(settings, out);
    try {
      runtime.start();
    } catch (ServeRuntime.PolicyLoadException e) {
      spec.commandLine().getErr().println(e.result().render());
      spec.commandLine().getErr().flush();
      runtime.stop();
      return e.result().ioError() ? ExitCodes.USAGE_OR_IO : ExitCodes.POLICY_ERRORS;
    } catch (Exception e) {
      // A port in use, a bad setting: what did start (threads, other ports) must not keep the JVM.
      runtime.stop();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.stop();
                  stopped.countDown();
                },
                "celador-shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }
}
