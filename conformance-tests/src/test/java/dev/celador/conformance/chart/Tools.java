package dev.celador.conformance.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The repository and the tools the chart and docs tests need, each found or built by its script. A
 * missing tool skips loudly, or fails with CI=true, where a skip would hide a missing install.
 */
public final class Tools {

  private static Path helm;
  private static Path thirdPartyCrds;

  private Tools() {}

  /** The repository root (-Drepo.root, set by the conformance-tests pom). */
  public static Path repoRoot() {
    String root = System.getProperty("repo.root");
    if (root == null) {
      throw new IllegalStateException("system property repo.root is not set: run through failsafe");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  static Path chart() {
    return repoRoot().resolve("charts/celador");
  }

  /** helm built from helm.sh/helm/v3 by charts/build-helm.sh (cached after the first build). */
  static synchronized Path helm() {
    if (helm == null) {
      helm = Path.of(script("helm.buildScript", Duration.ofMinutes(20)));
    }
    return helm;
  }

  /**
   * The directory of istio.yaml, cert-manager.yaml, monitoring.yaml and policyreport.yaml (fetch
   * script).
   */
  public static synchronized Path thirdPartyCrds() {
    if (thirdPartyCrds == null) {
      thirdPartyCrds = Path.of(script("crds.fetchScript", Duration.ofMinutes(20)));
    }
    return thirdPartyCrds;
  }

  private static String script(String property, Duration timeout) {
    String script = System.getProperty(property);
    if (script == null || !Files.isRegularFile(Path.of(script))) {
      throw new IllegalStateException("system property " + property + " names no script");
    }
    Command c = Command.run(repoRoot(), timeout, List.of("bash", script));
    if (c.exit() == 2) {
      unavailable(script + " needs Go on PATH:\n" + c.output());
    }
    return c.lastLine();
  }

  /** Skips the calling test loudly, or fails it with CI=true. */
  public static void unavailable(String why) {
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(why + " (CI=true: a skip would hide a missing install)");
    }
    System.err.println("\n********** SKIPPED: " + why + " **********\n");
    Assumptions.abort(why);
  }
}
