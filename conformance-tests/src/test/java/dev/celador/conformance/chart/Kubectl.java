package dev.celador.conformance.chart;

import dev.celador.conformance.kube.KubeCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * kubectl against the harness cluster, as a user applies manifests: server-side apply with
 * kubectl's default strict field validation, so an unknown or misplaced field is an error, not a
 * warning.
 */
public final class Kubectl {

  static final String FIELD_MANAGER = "celador-conformance";

  private final KubeCluster cluster;
  private final Path binary;

  public Kubectl(KubeCluster cluster) {
    this.cluster = cluster;
    this.binary = cluster.binary("kubectl").orElse(Path.of("kubectl"));
  }

  /** Applies CustomResourceDefinitions for real and waits until the API server serves them. */
  public void installCrds(Path file) {
    run(
            "apply",
            "--server-side",
            "--force-conflicts",
            "--field-manager=" + FIELD_MANAGER,
            "-f",
            file.toString())
        .ok();
    run("wait", "--for=condition=Established", "--timeout=60s", "-f", file.toString()).ok();
  }

  /** Server-side dry-run apply of one manifest: nothing is stored; the result says why not. */
  public Command dryRunApply(Path file) {
    return run(
        "apply",
        "--server-side",
        "--dry-run=server",
        "--field-manager=" + FIELD_MANAGER,
        "-f",
        file.toString());
  }

  /** Applies one manifest for real. */
  public void apply(Path file) {
    tryApply(file).ok();
  }

  /** Applies one manifest for real; the result says whether the API server stored it. */
  public Command tryApply(Path file) {
    return run("apply", "--server-side", "--field-manager=" + FIELD_MANAGER, "-f", file.toString());
  }

  /** Writes {@code yaml} to a file under {@code dir} for kubectl -f. */
  public static Path write(Path dir, String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Command run(String... args) {
    List<String> argv = new ArrayList<>(List.of(binary.toString()));
    argv.add("--kubeconfig=" + cluster.kubeconfig());
    argv.addAll(List.of(args));
    return Command.run(Tools.repoRoot(), Duration.ofMinutes(2), argv);
  }
}
