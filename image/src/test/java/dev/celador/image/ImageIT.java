package dev.celador.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The image tarball {@code jib:buildTar} wrote: its OCI config (who it runs as, what it runs, which
 * ports it exposes), its files, and that its entrypoint runs from the image's files alone.
 */
class ImageIT {

  private static OciArchive image;

  @BeforeAll
  static void readTarball() throws IOException {
    String tarball = System.getProperty("image.tarball");
    assertThat(tarball)
        .as("system property image.tarball (set by the image module's pom)")
        .isNotNull();
    assertThat(Path.of(tarball)).as("jib:buildTar output").isRegularFile();
    image = OciArchive.read(Path.of(tarball));
  }

  @Test
  void config_nonRootUserCeladorEntrypointAndServePorts() throws IOException {
    JsonNode config = image.config();

    assertThat(config.path("os").asString()).isEqualTo("linux");
    assertThat(config.path("architecture").asString()).isEqualTo("amd64");
    JsonNode run = config.path("config");
    // Numeric, so runAsNonRoot can verify it without an /etc/passwd lookup.
    assertThat(run.path("User").asString()).isEqualTo("65532:65532");
    assertThat(strings(run.path("Entrypoint")))
        .containsExactly(
            "/opt/java/bin/java",
            "-Djava.awt.headless=true",
            "-XX:SharedArchiveFile=/app/celador.jsa",
            "-Xlog:cds*=off",
            "-jar",
            "/app/celador.jar");
    assertThat(run.path("Cmd").isMissingNode() || run.path("Cmd").isNull()).isTrue();
    List<String> ports = new ArrayList<>();
    run.path("ExposedPorts").propertyNames().forEach(ports::add);
    assertThat(ports).containsExactlyInAnyOrder("9191/tcp", "9192/tcp", "9193/tcp", "9443/tcp");
    assertThat(strings(run.path("Env"))).contains("JAVA_HOME=/opt/java");
    assertThat(image.layerMediaTypes())
        .isNotEmpty()
        .allMatch(t -> t.equals("application/vnd.oci.image.layer.v1.tar+gzip"));
  }

  @Test
  void layers_javaRuntimeLoaderAndJarWithRunnableModes() throws IOException {
    Map<String, OciArchive.Entry> files = image.entries();

    assertThat(files).containsKeys("app/celador.jar", "opt/java/lib/modules", "etc/passwd");
    assertThat(files.get("opt/java/bin/java").mode() & 0111)
        .as("java is executable")
        .isEqualTo(0111);
    assertThat(files.get("lib64/ld-linux-x86-64.so.2").mode() & 0444).isEqualTo(0444);
    assertThat(files).containsKey("lib/x86_64-linux-gnu/libc.so.6");
    // Nothing in the image is writable by the user it runs as except /tmp.
    assertThat(files.values())
        .filteredOn(e -> (e.mode() & 0002) != 0)
        .extracting(OciArchive.Entry::path)
        .containsExactly("tmp");
    // No X11 or sound libraries: the runtime is headless.
    assertThat(files.keySet()).noneMatch(p -> p.contains("libawt_xawt") || p.contains("libX11"));
  }

  /**
   * Unpacks the layers the way a runtime does and runs the entrypoint in a chroot of them, as user
   * 65532, with a fresh /proc: a library or module missing from the image fails here, not in a
   * cluster. Needs root (chroot, unshare), which CI has.
   */
  @Test
  void entrypoint_runsFromTheImageAloneAsItsUser(@TempDir Path work) throws Exception {
    Path rootfs = unpackedAsRoot(work, "entrypoint_runsFromTheImageAloneAsItsUser");
    Path policies = rootfs.resolve("tmp/policies");
    Files.createDirectories(policies);
    Files.writeString(
        policies.resolve("allow-get.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata:
          name: allow-get
          namespace: shop
        spec:
          action: ALLOW
          rules:
            - name: reads
              when: request.method == "GET"
        """);
    JsonNode run = image.config().path("config");
    List<String> entrypoint = strings(run.path("Entrypoint"));

    String version = runInImage(rootfs, run.path("User").asString(), entrypoint, "--version");
    String check =
        runInImage(rootfs, run.path("User").asString(), entrypoint, "check", "/tmp/policies");

    assertThat(version).startsWith("celador ");
    assertThat(check).contains("1 policy: OK");
    // The AppCDS archive, written in a chroot at build time (as root, as CI builds), maps here:
    // -Xshare:on makes the JVM fail instead of silently starting without it.
    assertThat(rootfs.resolve("app/celador.jsa")).isNotEmptyFile();
    List<String> sharing = new ArrayList<>(entrypoint);
    sharing.add(1, "-Xshare:on");
    String shared =
        runInImage(rootfs, run.path("User").asString(), sharing, "check", "/tmp/policies");
    assertThat(shared).contains("1 policy: OK");
  }

  /**
   * The webhook's TLS handshake lane asks for SCHED_IDLE through Java's foreign-function API
   * (IdleScheduling): that takes the image's Java 25 runtime with java.base's FFM, a kernel that
   * lets the image's non-root user lower its own thread, and the jar's grant of native access, or
   * Java warns on every start. The probe makes the same call, in a thread of its own, in the image.
   */
  @Test
  void handshakeLaneThreads_enterSchedIdleInTheImageAsItsUser(@TempDir Path work) throws Exception {
    Path rootfs = unpackedAsRoot(work, "handshakeLaneThreads_enterSchedIdleInTheImageAsItsUser");
    String probe = IdleSchedulingProbe.class.getName();
    Path probeClass = rootfs.resolve("tmp/probe/" + probe.replace('.', '/') + ".class");
    Files.createDirectories(probeClass.getParent());
    try (var in = IdleSchedulingProbe.class.getResourceAsStream("IdleSchedulingProbe.class")) {
      Files.copy(in, probeClass);
    }
    JsonNode run = image.config().path("config");
    String java = strings(run.path("Entrypoint")).get(0);

    String out =
        runInImage(
            rootfs,
            run.path("User").asString(),
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                "/app/celador.jar:/tmp/probe",
                probe));

    // 0 is SCHED_OTHER, 5 SCHED_IDLE; only the thread that asked changes.
    assertThat(out)
        .contains("lane before 0\nentered true\nlane after 5\nmain 0")
        .doesNotContain("WARNING");
    try (JarFile jar = new JarFile(rootfs.resolve("app/celador.jar").toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"))
          .as("the grant that spares `java -jar` the restricted-method warning")
          .isEqualTo("ALL-UNNAMED");
    }
  }

  /**
   * The image's layers unpacked under {@code work}, for {@link #runInImage}. Chroot and unshare
   * need root, which CI has; elsewhere {@code test} says loudly that it is skipped.
   */
  private static Path unpackedAsRoot(Path work, String test) throws IOException {
    boolean root = "root".equals(System.getProperty("user.name"));
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!root) {
      String why = "ImageIT." + test + " needs root for chroot/unshare";
      assertThat(ci).as(why + " (CI=true)").isFalse();
      System.err.println("SKIPPED: " + why);
      assumeTrue(false, why);
    }
    Path rootfs = work.resolve("rootfs");
    Files.createDirectories(rootfs);
    image.unpack(rootfs);
    return rootfs;
  }

  private static String runInImage(
      Path rootfs, String user, List<String> entrypoint, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(inImage(rootfs, user, entrypoint));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit code of %s, output:%n%s", command, out).isZero();
    return out;
  }

  /**
   * The entrypoint in a chroot of the unpacked layers, as the image's user, in new mount and PID
   * namespaces with their own /proc; --kill-child ends the process when the test stops it.
   */
  private static List<String> inImage(Path rootfs, String user, List<String> entrypoint) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "chroot",
                "--userspec=" + user,
                rootfs.toString()));
    command.addAll(entrypoint);
    return command;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
