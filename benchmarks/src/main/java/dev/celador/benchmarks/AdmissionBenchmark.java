package dev.celador.benchmarks;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.ObjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one admission review of a Deployment against 20 Pod-Security-style
 * ValidatingAdmissionPolicies: the 19 Pod Security Standards controls of {@code
 * policies/pod-security} (baseline and restricted) plus an image-registry policy, each with its
 * binding. Measured from the parsed AdmissionReview to the response JSON the webhook writes
 * (request mapping, every policy's variables and validations, response writing); JSON parsing is
 * the transport's and is left out. {@code review=compliant} passes every control (every validation
 * runs to true); {@code review=violating} fails several, so message expressions run too. Target: at
 * most 200 µs per review.
 *
 * <p>Run from the repository root: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java
 * -jar benchmarks/target/benchmarks.jar AdmissionBenchmark -f 1 -wi 3 -i 5}. Add {@code -jvm
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java} for JDK 25, {@code -prof gc} for allocation, and
 * {@code -jvmArgs -Dcelador.policies=DIR} to run another policy directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {

  @Param({"compliant", "violating"})
  public String review;

  private CompiledAdmissionSet set;
  private Object parsedReview;
  private final AdmissionContext context = AdmissionContext.empty();

  @Setup
  public void setUp() throws IOException {
    set = policies();
    parsedReview =
        ObjectFiles.parse("review.yaml", review(review.equals("compliant"))).get(0).object();
    String answer = review();
    boolean allowed = answer.contains("\"allowed\":true");
    if (allowed != review.equals("compliant")) {
      throw new IllegalStateException("unexpected answer: " + answer);
    }
  }

  /**
   * The 20 policies: {@code policies/pod-security} (or {@code -Dcelador.policies}) and the
   * image-registry policy.
   */
  static CompiledAdmissionSet policies() throws IOException {
    Path pss = Path.of(System.getProperty("celador.policies", "policies/pod-security"));
    Path extra = Files.createTempFile("celador-bench-", ".yaml");
    Files.writeString(extra, IMAGE_POLICY);
    var loaded = PolicyEngine.create(java.time.Clock.systemUTC()).load(List.of(pss, extra));
    if (loaded.admission().isEmpty()) {
      throw new IllegalStateException("policies did not load: " + loaded.diagnostics());
    }
    CompiledAdmissionSet set = loaded.admission().get();
    if (set.policyCount() != 20) {
      throw new IllegalStateException("expected 20 policies, got " + set.policyCount());
    }
    return set;
  }

  /** The AdmissionReview of the Deployment, compliant with every control or breaking several. */
  static String review(boolean compliant) {
    return REVIEW.replace("CONTAINER_SECURITY", compliant ? COMPLIANT : VIOLATING);
  }

  @Benchmark
  public String review() {
    try {
      AdmissionRequest request = AdmissionReviewMapper.read(parsedReview);
      return AdmissionReviewMapper.write(
          request.uid(), AdmissionReviewMapper.decide(set, request, context));
    } catch (BadReviewException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String COMPLIANT =
      "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsUser: 1000}";
  private static final String VIOLATING =
      "{privileged: true, allowPrivilegeEscalation: true, capabilities: {add: [NET_ADMIN]},"
          + " runAsUser: 0}";

  private static final String REVIEW =
      """
      apiVersion: admission.k8s.io/v1
      kind: AdmissionReview
      request:
        uid: 705ab4f5-6393-11e8-b7cc-42010a800002
        kind: {group: apps, version: v1, kind: Deployment}
        resource: {group: apps, version: v1, resource: deployments}
        namespace: shop
        name: web
        operation: CREATE
        userInfo: {username: "system:serviceaccount:ci:deployer", groups: ["system:serviceaccounts"]}
        object:
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
            labels: {app: web, team: storefront}
          spec:
            replicas: 3
            selector: {matchLabels: {app: web}}
            template:
              metadata:
                labels: {app: web}
                annotations: {prometheus.io/scrape: "true"}
              spec:
                securityContext:
                  runAsNonRoot: true
                  seccompProfile: {type: RuntimeDefault}
                  sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65000"}]
                containers:
                - name: web
                  image: registry.example.com/shop/web:1.4.2
                  ports: [{containerPort: 8080, name: http}]
                  resources: {limits: {cpu: 500m, memory: 256Mi}}
                  livenessProbe: {httpGet: {path: /healthz, port: 8080}}
                  readinessProbe: {httpGet: {path: /ready, port: 8080}}
                  securityContext: CONTAINER_SECURITY
                  volumeMounts: [{name: config, mountPath: /etc/web}, {name: tmp, mountPath: /tmp}]
                - name: sidecar
                  image: registry.example.com/shop/proxy:2.0.1
                  ports: [{containerPort: 15001}]
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                initContainers:
                - name: migrate
                  image: registry.example.com/shop/migrate:1.4.2
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                volumes:
                - {name: config, configMap: {name: web-config}}
                - {name: tmp, emptyDir: {}}
      """;

  private static final String IMAGE_POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: trusted-registry}
      spec:
        matchConstraints:
          resourceRules:
          - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
        variables:
        - name: containers
          expression: >-
            object.spec.template.spec.containers +
            object.spec.template.spec.?initContainers.orValue([])
        validations:
        - expression: "variables.containers.all(c, c.image.startsWith('registry.example.com/'))"
          messageExpression: "'images must come from registry.example.com: ' + variables.containers.filter(c, !c.image.startsWith('registry.example.com/')).map(c, c.image).join(', ')"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: trusted-registry}
      spec: {policyName: trusted-registry, validationActions: [Deny]}
      """;

  /**
   * Without JMH: prints both answers, then the thread CPU time per review over {@code args[0]}
   * reviews (default 20000) after as many for warm-up. CPU time does not grow when other processes
   * compete for the cores, so it is the number to compare on a shared machine.
   */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (String r : List.of("compliant", "violating")) {
      AdmissionBenchmark b = new AdmissionBenchmark();
      b.review = r;
      b.setUp();
      System.out.println(r + ": " + b.review());
      int sink = 0;
      for (int i = 0; i < n; i++) {
        sink += b.review().length();
      }
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += b.review().length();
      }
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      wall = System.nanoTime() - wall;
      System.out.printf(
          "%s: %.1f us CPU, %.1f us wall per review (%d reviews, %d)%n",
          r, cpu / 1000.0 / n, wall / 1000.0 / n, n, sink % 10);
    }
  }
}
