package dev.celador.cli.integrations;

import dev.celador.cli.golden.GoldenFiles;
import dev.celador.cli.schema.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user's repository in a temporary folder, with a good policy and its suite ({@link Samples})
 * (and, on request, a broken policy), and the commands run in it.
 */
final class Workspace {

  static final Path REPO = GoldenFiles.repositoryRoot();

  /** The built jar, run directly: the launcher would rebuild it when sources are newer. */
  static final String CELADOR =
      Path.of(System.getProperty("java.home"), "bin", "java")
          + " -jar "
          + REPO.resolve("cli/target/celador.jar");

  /** A typo on line 8, column 20. */
  static final String BAD =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: writes, namespace: shop}
      spec:
        action: DENY
        rules:
          - name: writes
            when: request.methd == "POST"
      """;

  /** One finished command: exit code and stdout with stderr. */
  record Run(int exitCode, String output) {}

  private final Path dir;

  Workspace(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("policies"));
    Files.writeString(dir.resolve("policies/orders.yaml"), Samples.POLICY);
    Files.writeString(dir.resolve("policies/orders_test.yaml"), Samples.SUITE);
  }

  Path dir() {
    return dir;
  }

  Workspace withBadPolicy() throws IOException {
    Files.writeString(dir.resolve("policies/bad.yaml"), BAD);
    return this;
  }

  /** Runs {@code command} here with {@code env} added, within five minutes. */
  Run run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
