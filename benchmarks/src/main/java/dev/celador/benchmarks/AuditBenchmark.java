package dev.celador.benchmarks;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.admission.AdmissionContext;
import dev.celador.engine.admission.AdmissionRequest;
import dev.celador.engine.admission.AdmissionReviewMapper;
import dev.celador.engine.admission.CompiledAdmissionSet;
import dev.celador.engine.admission.ObjectRequests;
import dev.celador.engine.audit.AuditResults;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit throughput in objects per second against the 20 Pod-Security-style policies of {@link
 * AdmissionBenchmark} (the 19 controls of {@code policies/pod-security} and an image-registry
 * policy): {@code audit} judges 10,000 stored Pods as {@code celador audit} does once a page is
 * listed (the request for a stored object, {@code CompiledAdmissionSet.explain}, the results kept
 * per namespace), {@code admit} only decides them as the webhook does ({@code decide}, no
 * explanation, nothing kept): the baseline. One Pod in five breaks a control. Listing and JSON
 * decoding are the API client's and are left out (AuditIT and the end-to-end numbers in the README
 * cover them).
 *
 * <p>Run from the repository root: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java
 * -jar benchmarks/target/benchmarks.jar AuditBenchmark -f 1 -wi 3 -i 5}. {@code java -cp
 * benchmarks/target/benchmarks.jar dev.celador.benchmarks.AuditBenchmark} prints thread CPU time
 * per object for both, alternating rounds, and the heap an audit of 10,000 objects retains.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditBenchmark {

  static final int OBJECTS = 10_000;
  private static final AdmissionRequest.Gvr PODS = new AdmissionRequest.Gvr("", "v1", "pods");
  private static final AdmissionRequest.UserInfo ADMIN =
      new AdmissionRequest.UserInfo(
          "kubernetes-admin", "", List.of("system:masters", "system:authenticated"), Map.of());

  private CompiledAdmissionSet set;
  private final AdmissionContext context = AdmissionContext.empty();
  private List<Map<String, Object>> pods;

  @Setup
  public void setUp() throws Exception {
    Path pss = Path.of(System.getProperty("celador.policies", "policies/pod-security"));
    Path extra = java.nio.file.Files.createTempFile("celador-bench-", ".yaml");
    java.nio.file.Files.writeString(extra, IMAGE_POLICY);
    var loaded = PolicyEngine.create(java.time.Clock.systemUTC()).load(List.of(pss, extra));
    set =
        loaded
            .admission()
            .orElseThrow(() -> new IllegalStateException(loaded.diagnostics().toString()));
    if (set.policyCount() != 20) {
      throw new IllegalStateException("expected 20 policies, got " + set.policyCount());
    }
    pods = new ArrayList<>(OBJECTS);
    for (int i = 0; i < OBJECTS; i++) {
      pods.add(pod(i));
    }
    long denied = audit().denied().size();
    if (denied != OBJECTS / 5) {
      throw new IllegalStateException("expected " + OBJECTS / 5 + " denied, got " + denied);
    }
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public AuditResults audit() {
    AuditResults results = new AuditResults();
    for (Map<String, Object> pod : pods) {
      results.add(
          AdmissionReviewMapper.explain(set, ObjectRequests.create(pod, PODS, ADMIN), context));
    }
    return results;
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public int admit() {
    int allowed = 0;
    for (Map<String, Object> pod : pods) {
      if (AdmissionReviewMapper.decide(set, ObjectRequests.create(pod, PODS, ADMIN), context)
          .allowed()) {
        allowed++;
      }
    }
    return allowed;
  }

  /** The {@code i}th stored Pod, in one of 20 namespaces; every fifth one privileged. */
  static Map<String, Object> pod(int i) {
    boolean bad = i % 5 == 0;
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "app");
    container.put("image", "registry.example.com/shop/app:" + i);
    container.put("ports", List.of(Map.of("containerPort", 8080, "protocol", "TCP")));
    container.put(
        "securityContext",
        bad
            ? Map.of("privileged", true, "capabilities", Map.of("drop", List.of("ALL")))
            : Map.of(
                "allowPrivilegeEscalation", false, "capabilities", Map.of("drop", List.of("ALL"))));
    container.put("terminationMessagePath", "/dev/termination-log");
    container.put("imagePullPolicy", "IfNotPresent");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("containers", List.of(container));
    spec.put(
        "securityContext",
        Map.of("runAsNonRoot", true, "seccompProfile", Map.of("type", "RuntimeDefault")));
    spec.put("restartPolicy", "Always");
    spec.put("dnsPolicy", "ClusterFirst");
    spec.put("schedulerName", "default-scheduler");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "pod-" + i);
    metadata.put("namespace", "team-" + (i % 20));
    metadata.put("uid", java.util.UUID.nameUUIDFromBytes(("pod-" + i).getBytes()).toString());
    metadata.put("resourceVersion", Integer.toString(1000 + i));
    metadata.put("labels", Map.of("app", "app-" + (i % 50)));
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    pod.put("metadata", metadata);
    pod.put("spec", spec);
    pod.put("status", Map.of("phase", "Pending"));
    return pod;
  }

  private static final String IMAGE_POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: trusted-registry}
      spec:
        matchConstraints:
          resourceRules:
          - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}
        validations:
        - expression: "object.spec.containers.all(c, c.image.startsWith('registry.example.com/'))"
          message: images must come from registry.example.com
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: trusted-registry}
      spec: {policyName: trusted-registry, validationActions: [Deny]}
      """;

  /**
   * Without JMH: thread CPU time per object of {@code admit} and {@code audit}, in alternating
   * rounds ({@code args[0]}, default 6), then the heap retained by the results of an audit of
   * 10,000 objects generated one at a time (so no object outlives its judgement, as with pages).
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    AuditBenchmark b = new AuditBenchmark();
    b.setUp();
    var threads = ManagementFactory.getThreadMXBean();
    for (int warm = 0; warm < 2; warm++) {
      b.audit();
      b.admit();
    }
    for (int r = 0; r < rounds; r++) {
      long cpu = threads.getCurrentThreadCpuTime();
      b.admit();
      long admit = threads.getCurrentThreadCpuTime() - cpu;
      cpu = threads.getCurrentThreadCpuTime();
      b.audit();
      long audit = threads.getCurrentThreadCpuTime() - cpu;
      System.out.printf(
          "round %d: admit %.0f objects/s CPU, audit %.0f objects/s CPU, audit/admit time %.2f%n",
          r, OBJECTS * 1e9 / admit, OBJECTS * 1e9 / audit, (double) audit / admit);
    }
    b.pods = null;
    long before = usedAfterGc();
    AuditResults results = new AuditResults();
    for (int i = 0; i < OBJECTS; i++) {
      results.add(
          AdmissionReviewMapper.explain(
              b.set, ObjectRequests.create(pod(i), PODS, ADMIN), b.context));
    }
    long retained = usedAfterGc() - before;
    System.out.printf(
        "audit of %d objects: %d results kept (%d denied), %.1f MB retained, %d bytes per object%n",
        results.objects(),
        results.byNamespace().values().stream().mapToLong(n -> n.entries().size()).sum(),
        results.denied().size(),
        retained / 1e6,
        retained / OBJECTS);
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
