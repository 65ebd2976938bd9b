package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Kubernetes client configuration from a kubeconfig file, or as fabric8 finds one. */
public final class KubeConfigs {

  private KubeConfigs() {}

  /**
   * From {@code kubeconfig} when given, else as fabric8 finds it (in-cluster service account,
   * {@code KUBECONFIG}, {@code ~/.kube/config}); {@code from} names the setting or option in
   * errors.
   */
  public static Config of(Path kubeconfig, String from) {
    if (kubeconfig == null) {
      return new ConfigBuilder().build();
    }
    if (!Files.isReadable(kubeconfig)) {
      throw new UserException(from + ": cannot read " + kubeconfig);
    }
    try {
      // The File overload resolves certificate paths relative to the kubeconfig, as kubectl does.
      return Config.fromKubeconfig(kubeconfig.toFile());
    } catch (RuntimeException e) {
      throw new UserException(from + " " + kubeconfig + " is not valid: " + e);
    }
  }
}
