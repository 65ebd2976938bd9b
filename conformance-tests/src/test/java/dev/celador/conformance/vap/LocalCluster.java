package dev.celador.conformance.vap;

import dev.celador.conformance.kube.KubeCluster;
import org.junit.jupiter.api.Assumptions;

/**
 * The cluster a differential corpus runs on: it must be the harness's local one, because the
 * capture webhook runs in this JVM and a {@code -De2e.kubeconfig} cluster cannot call it. Elsewhere
 * the test aborts loudly, or fails under {@code CI=true}.
 */
final class LocalCluster {

  private LocalCluster() {}

  static KubeCluster require(String test) {
    KubeCluster cluster = KubeCluster.get();
    if (!cluster.isLocal()) {
      String why =
          "the capture webhook runs in this JVM; a -De2e.kubeconfig cluster cannot call it";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why);
      }
      System.err.println("\n********** SKIPPED " + test + ": " + why + " **********\n");
      Assumptions.abort(why);
    }
    return cluster;
  }
}
