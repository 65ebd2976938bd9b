package dev.celador.benchmarks;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.MutationResult;
import dev.celador.engine.internal.admission.ObjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * Time of the mutating half of one admission review: the Deployment review of {@link
 * AdmissionBenchmark} through three MutatingAdmissionPolicies of the kinds users write (a label by
 * JSONPatch, the first container's imagePullPolicy by JSONPatch, a securityContext default for
 * every container by ApplyConfiguration, merged by the apps/v1 schema), from the parsed
 * AdmissionReview to the patch and the mutated object. {@code patchType} runs one kind of policy
 * alone or all three. Run it beside its baseline, the validating review of the same object, in one
 * JMH invocation so both see the same machine:
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar 'AdmissionBenchmark|MutationBenchmark' -f 1
 * -wi 3 -i 5 -p review=compliant} (add {@code -jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java} for
 * the image's JDK).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MutationBenchmark {

  @Param({"JSONPatch", "ApplyConfiguration", "all"})
  public String patchType;

  private CompiledAdmissionSet set;
  private Object parsedReview;
  private final AdmissionContext context = AdmissionContext.empty();

  @Setup
  public void setUp() throws IOException {
    String policies =
        switch (patchType) {
          case "JSONPatch" -> LABEL + PULL_POLICY;
          case "ApplyConfiguration" -> SECURITY_CONTEXT;
          default -> LABEL + PULL_POLICY + SECURITY_CONTEXT;
        };
    Path file = Files.createTempFile("celador-mutation-bench-", ".yaml");
    Files.writeString(file, policies);
    var loaded = PolicyEngine.create(Clock.systemUTC()).load(List.of(file));
    if (loaded.admission().isEmpty()) {
      throw new IllegalStateException("policies did not load: " + loaded.diagnostics());
    }
    set = loaded.admission().get();
    parsedReview =
        ObjectFiles.parse("review.yaml", AdmissionBenchmark.review(true)).get(0).object();
    MutationResult result = mutate();
    // A benchmark of a mutation that did nothing, or was denied, would measure the wrong path.
    if (!result.allowed() || result.patch().isEmpty()) {
      throw new IllegalStateException("unexpected mutation: " + result);
    }
  }

  @Benchmark
  public MutationResult mutate() {
    try {
      AdmissionRequest request = AdmissionReviewMapper.read(parsedReview);
      return set.mutate(request, context);
    } catch (BadReviewException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One policy matching Deployments, with its binding, as a YAML stream of two documents. */
  private static String policy(String name, String patchType, String expression) {
    String field = patchType.equals("JSONPatch") ? "jsonPatch" : "applyConfiguration";
    return String.join(
        "\n",
        "apiVersion: admissionregistration.k8s.io/v1",
        "kind: MutatingAdmissionPolicy",
        "metadata: {name: " + name + "}",
        "spec:",
        "  matchConstraints:",
        "    resourceRules:",
        "    - apiGroups: [apps]",
        "      apiVersions: [v1]",
        "      operations: [CREATE, UPDATE]",
        "      resources: [deployments]",
        "  reinvocationPolicy: Never",
        "  mutations:",
        "  - patchType: " + patchType,
        "    " + field + ":",
        "      expression: '" + expression.replace("'", "''") + "'",
        "---",
        "apiVersion: admissionregistration.k8s.io/v1",
        "kind: MutatingAdmissionPolicyBinding",
        "metadata: {name: " + name + "}",
        "spec: {policyName: " + name + "}",
        "---",
        "");
  }

  private static final String LABEL =
      policy(
          "team-label",
          "JSONPatch",
          "[JSONPatch{op: \"add\", path: \"/metadata/labels/\" + jsonpatch.escapeKey(\"celador.dev/team\"),"
              + " value: \"shop\"}]");

  private static final String PULL_POLICY =
      policy(
          "pull-policy",
          "JSONPatch",
          "[JSONPatch{op: \"add\", path: \"/spec/template/spec/containers/0/imagePullPolicy\","
              + " value: \"IfNotPresent\"}]");

  private static final String SECURITY_CONTEXT =
      policy(
          "security-defaults",
          "ApplyConfiguration",
          "Object{spec: Object.spec{template: Object.spec.template{spec:"
              + " Object.spec.template.spec{containers: object.spec.template.spec.containers.map(c,"
              + " Object.spec.template.spec.containers{name: c.name, securityContext:"
              + " Object.spec.template.spec.containers.securityContext{readOnlyRootFilesystem:"
              + " true}})}}}}");
}
