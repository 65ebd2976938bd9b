package dev.celador.conformance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.cluster.Fixtures;
import dev.celador.conformance.kube.KubeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celador audit} over many stored objects in a small, fixed heap: {@code -Daudit.scale} Pods
 * (2,000 by default; 10,000 for the numbers in the closing note) in ten namespaces, one in
 * nine privileged, audited by the packaged jar with {@code -Xmx96m} against the 20 Pod Security
 * policies. It must find every privileged Pod, and it prints objects per second and the process's
 * peak resident memory (VmHWM) so runs can be compared.
 *
 * <p>Measure: {@code ./mvnw -B -pl conformance-tests -am verify -Dit.test=AuditScaleIT
 * -Daudit.scale=10000 -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class AuditScaleIT {

  @Test
  void audit_manyObjectsInASmallHeap_findsEveryViolator(@TempDir Path work) throws Exception {
    int scale = Integer.getInteger("audit.scale", 2_000);
    KubeCluster cluster = KubeCluster.get();
    KubernetesClient admin = cluster.client();
    List<String> namespaces = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      String ns = "scale-" + n + "-" + Fixtures.suffix();
      Fixtures.createNamespace(admin, ns, Map.of("celador-audit-scale", "true"));
      namespaces.add(ns);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> created = new ArrayList<>();
    int violators = 0;
    for (int i = 0; i < scale; i++) {
      String ns = namespaces.get(i % namespaces.size());
      AuditWorkloads.Flaw flaw =
          i % 9 == 4 ? AuditWorkloads.Flaw.PRIVILEGED : AuditWorkloads.Flaw.NONE;
      violators += flaw == AuditWorkloads.Flaw.NONE ? 0 : 1;
      String name = "pod-" + i;
      created.add(pool.submit(() -> AuditWorkloads.createPod(admin, ns, name, flaw)));
    }
    for (Future<?> f : created) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    Path podSecurity =
        Path.of(System.getProperty("repo.root", "..")).resolve("policies/pod-security");
    Path out = work.resolve("audit.json");
    Path err = work.resolve("audit.err");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx96m",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            System.getProperty("celador.jar", "../cli/target/celador.jar"),
            "audit",
            "--kubeconfig",
            cluster.kubeconfig().toString(),
            "--policies",
            podSecurity.toString(),
            "--no-reports",
            "-o",
            "json");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    long peakKb = 0;
    while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
      peakKb = Math.max(peakKb, highWaterMarkKb(p.pid()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(3);

    @SuppressWarnings("unchecked")
    Map<String, Object> result =
        admin.getKubernetesSerialization().unmarshal(Files.readString(out), Map.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> denied = (List<Map<String, Object>>) result.get("denied");
    long here = denied.stream().filter(d -> namespaces.contains(d.get("namespace"))).count();
    assertThat(here).isEqualTo(violators);
    System.out.printf(
        "AuditScaleIT: %d Pods here (%s objects audited in all), %d denied here, %.1f s for the"
            + " whole process (JVM start, discovery, lists, judging), %.0f objects/s, peak RSS"
            + " %d MB with -Xmx96m%n",
        scale,
        ((Map<?, ?>) result.get("summary")).get("objects"),
        here,
        seconds,
        ((Number) ((Map<?, ?>) result.get("summary")).get("objects")).doubleValue() / seconds,
        peakKb / 1024);
    for (String ns : namespaces) {
      admin.namespaces().withName(ns).delete();
    }
  }

  /** VmHWM of the process (Linux), 0 when it cannot be read (the process just ended). */
  private static long highWaterMarkKb(long pid) {
    try {
      Matcher m =
          Pattern.compile("VmHWM:\\s+(\\d+) kB")
              .matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
