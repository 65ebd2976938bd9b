package dev.celador.benchmarks;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.ObjectFiles;
import dev.celador.engine.internal.admission.ObjectRequests;
import dev.celador.engine.internal.audit.AuditResults;
import java.lang.management.ManagementFactory;
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
 * policy): {@code audit} judges 10,000 stored Deployments (AdmissionBenchmark's) as {@code celador
 * audit} does once a page is listed (the request for a stored object, {@code
 * CompiledAdmissionSet.explain}, the results kept per namespace), {@code admit} only decides them
 * as the webhook does ({@code decide}, no explanation, nothing kept): the baseline. One Deployment
 * in five breaks several controls. Listing and JSON decoding are the API client's and are left out
 * (AuditIT and the end-to-end numbers in the README cover them).
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
  private static final AdmissionRequest.Gvr DEPLOYMENTS =
      new AdmissionRequest.Gvr("apps", "v1", "deployments");
  private static final AdmissionRequest.UserInfo ADMIN =
      new AdmissionRequest.UserInfo(
          "kubernetes-admin", "", List.of("system:masters", "system:authenticated"), Map.of());

  private CompiledAdmissionSet set;
  private final AdmissionContext context = AdmissionContext.empty();
  private Map<String, Object> compliant;
  private Map<String, Object> violating;
  private List<Map<String, Object>> objects;

  @Setup
  public void setUp() throws Exception {
    set = AdmissionBenchmark.policies();
    compliant = stored(true);
    violating = stored(false);
    objects = new ArrayList<>(OBJECTS);
    for (int i = 0; i < OBJECTS; i++) {
      objects.add(object(i));
    }
    long denied = audit().denied().size();
    if (denied != OBJECTS / 5) {
      throw new IllegalStateException("expected " + OBJECTS / 5 + " denied, got " + denied);
    }
  }

  /** AdmissionBenchmark's Deployment as the API server stores it: the review's object. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> stored(boolean compliant) throws Exception {
    Map<String, Object> review =
        (Map<String, Object>)
            ObjectFiles.parse("review.yaml", AdmissionBenchmark.review(compliant)).get(0).object();
    return (Map<String, Object>) ((Map<String, Object>) review.get("request")).get("object");
  }

  /**
   * The {@code i}th stored Deployment, in one of 20 namespaces, every fifth one violating: its own
   * metadata, the spec shared (nothing writes to it).
   */
  Map<String, Object> object(int i) {
    Map<String, Object> object = new LinkedHashMap<>(i % 5 == 0 ? violating : compliant);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "web-" + i);
    metadata.put("namespace", "team-" + (i % 20));
    metadata.put("uid", java.util.UUID.nameUUIDFromBytes(("web-" + i).getBytes()).toString());
    metadata.put("resourceVersion", Integer.toString(1000 + i));
    metadata.put("labels", Map.of("app", "web", "team", "storefront"));
    object.put("metadata", metadata);
    return object;
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public AuditResults audit() {
    AuditResults results = new AuditResults();
    for (Map<String, Object> object : objects) {
      results.add(
          AdmissionReviewMapper.explain(
              set, ObjectRequests.create(object, DEPLOYMENTS, ADMIN), context));
    }
    return results;
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public int admit() {
    int allowed = 0;
    for (Map<String, Object> object : objects) {
      if (AdmissionReviewMapper.decide(
              set, ObjectRequests.create(object, DEPLOYMENTS, ADMIN), context)
          .allowed()) {
        allowed++;
      }
    }
    return allowed;
  }

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
    b.objects = null;
    long before = usedAfterGc();
    AuditResults results = new AuditResults();
    for (int i = 0; i < OBJECTS; i++) {
      results.add(
          AdmissionReviewMapper.explain(
              b.set, ObjectRequests.create(b.object(i), DEPLOYMENTS, ADMIN), b.context));
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
