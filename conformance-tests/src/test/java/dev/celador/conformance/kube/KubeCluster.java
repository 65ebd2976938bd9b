package dev.celador.conformance.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The Kubernetes cluster the kube-apiserver tests run against, shared by every test in the JVM.
 *
 * <p>With {@code -De2e.kubeconfig=FILE} it is that cluster (kind, k3d, a real one). Otherwise it is
 * etcd + kube-apiserver built from their Go modules and started on loopback ports, once, and
 * stopped by a shutdown hook. When that is impossible (no Go), tests are skipped with the reason
 * printed loudly; with {@code CI=true} they fail instead, so a missing install never hides.
 */
public final class KubeCluster {

  private static KubeCluster shared;
  private static String unavailable;

  private final Path kubeconfig;
  private final Path bin;
  private final KubernetesClient client;

  private KubeCluster(Path kubeconfig, Path bin) throws IOException {
    this.kubeconfig = kubeconfig;
    this.bin = bin;
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The shared cluster; skips (or, in CI, fails) the calling test when none can be had. */
  public static synchronized KubeCluster get() {
    if (shared == null && unavailable == null) {
      try {
        shared = start();
      } catch (KubeBinaries.Unavailable | IOException e) {
        unavailable = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unavailable = "interrupted while starting kube-apiserver";
      }
    }
    if (shared == null) {
      String message = "kube-apiserver tests cannot run: " + unavailable;
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            message + " (CI=true: a skip would hide a missing install)");
      }
      System.err.println("\n********** SKIPPED: " + message + " **********\n");
      Assumptions.abort(message);
    }
    return shared;
  }

  private static KubeCluster start()
      throws KubeBinaries.Unavailable, IOException, InterruptedException {
    String external = System.getProperty("e2e.kubeconfig", "");
    if (!external.isBlank()) {
      Path file = Path.of(external);
      if (!Files.isReadable(file)) {
        throw new IOException("-De2e.kubeconfig=" + external + " is not a readable file");
      }
      return new KubeCluster(file, null);
    }
    Path bin = KubeBinaries.directory();
    Path work = Path.of(System.getProperty("kube.workDir", "target/kube-harness"));
    LocalControlPlane plane = new LocalControlPlane(work);
    Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "kube-harness-stop"));
    try {
      plane.start(bin);
    } catch (IOException | RuntimeException e) {
      plane.close();
      throw e;
    }
    Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), plane.kubeconfigYaml());
    return new KubeCluster(kubeconfig, bin);
  }

  /** A cluster-admin client. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A client whose requests the API server treats as coming from {@code user} in {@code groups}.
   */
  public KubernetesClient impersonating(String user, String... groups) {
    Config config = config();
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A kubeconfig file for kubectl, helm and Celador itself. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A binary the harness built ({@code kubectl}, {@code kube-apiserver}, {@code etcd}). */
  public Optional<Path> binary(String name) {
    return Optional.ofNullable(bin).map(b -> b.resolve(name)).filter(Files::isExecutable);
  }

  /** False for a {@code -De2e.kubeconfig} cluster, which cannot call webhooks on this host. */
  public boolean isLocal() {
    return bin != null;
  }

  /** The address the local API server reaches a webhook served by the tests at. */
  public String loopbackHost() {
    return "127.0.0.1";
  }

  private Config config() {
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read kubeconfig " + kubeconfig, e);
    }
  }
}
