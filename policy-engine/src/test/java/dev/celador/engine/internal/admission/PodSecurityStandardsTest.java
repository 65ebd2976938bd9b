package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The Pod Security Standards policies of {@code policies/pod-security}, every control allowed and
 * violating: one dynamic test per case of {@code pod-security/cases.yaml} (format described there).
 * The PolicyTest suite format has no admission cases yet, so these run here.
 */
class PodSecurityStandardsTest {

  private static final Path POLICIES = Path.of("../policies/pod-security");

  @TestFactory
  Stream<DynamicTest> evaluate_podSecurityCases_denyExactlyTheViolatedControls() throws Exception {
    var loaded = new AdmissionEngine().load(List.of(POLICIES));
    assertThat(loaded.diagnostics()).as("policy diagnostics").isEmpty();
    CompiledAdmissionSet set = loaded.set().orElseThrow();
    assertThat(set.policyCount()).isEqualTo(19);
    Map<String, Object> spec;
    try (InputStream in = getClass().getResourceAsStream("/pod-security/cases.yaml")) {
      spec = new Yaml().load(in);
    }
    Map<String, Object> base = ObjectMaps.map(spec.get("base"));
    List<DynamicTest> tests = new ArrayList<>();
    for (Object o : (List<?>) spec.get("cases")) {
      Map<String, Object> c = ObjectMaps.map(o);
      tests.add(DynamicTest.dynamicTest((String) c.get("name"), () -> run(set, base, c)));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(40);
    return tests.stream();
  }

  private static void run(
      CompiledAdmissionSet set, Map<String, Object> base, Map<String, Object> c) {
    Map<String, Object> pod = copy(base);
    merge(pod, "metadata", c.get("metadata"));
    merge(pod, "spec", c.get("spec"));
    if (c.get("container") != null) {
      Map<String, Object> spec = ObjectMaps.map(pod.get("spec"));
      List<Object> containers = new ArrayList<>((List<?>) spec.get("containers"));
      Map<String, Object> first = copy(ObjectMaps.map(containers.get(0)));
      mergeInto(first, ObjectMaps.map(c.get("container")));
      containers.set(0, first);
      spec.put("containers", containers);
    }
    String kind = (String) c.getOrDefault("kind", "Pod");
    Object object = wrap(kind, pod);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", "pss-" + c.get("name"));
    request.put("operation", c.getOrDefault("operation", "CREATE"));
    request.put("namespace", "team");
    request.put("name", "app");
    request.put("userInfo", Map.of("username", "alice"));
    request.put("kind", Map.of("group", group(kind), "version", "v1", "kind", kind));
    request.put(
        "resource", Map.of("group", group(kind), "version", "v1", "resource", resource(kind)));
    request.put("object", object);
    if ("UPDATE".equals(request.get("operation"))) {
      request.put("oldObject", object);
    }

    AdmissionDecision decision =
        set.evaluate(AdmissionRequest.fromMap(request), AdmissionContext.empty());

    List<String> denied =
        decision.evaluations().stream()
            .filter(e -> e.result() != AdmissionDecision.Result.ALLOW)
            .map(e -> e.policy() + ":" + e.result().label())
            .toList();
    List<String> expected = ((List<?>) c.get("deny")).stream().map(p -> p + ":deny").toList();
    assertThat(denied)
        .as("policies that did not allow")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(decision.evaluations()).as("every policy matched").hasSize(19);
    assertThat(decision.allowed()).isEqualTo(expected.isEmpty());
    if (!expected.isEmpty()) {
      assertThat(decision.code()).isEqualTo(403);
    }
    if (c.get("message") != null) {
      assertThat(decision.message()).contains((String) c.get("message"));
    }
  }

  private static Object wrap(String kind, Map<String, Object> pod) {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", pod.get("metadata"));
    template.put("spec", pod.get("spec"));
    return switch (kind) {
      case "Pod" -> pod;
      case "Deployment" ->
          Map.of(
              "apiVersion",
              "apps/v1",
              "kind",
              "Deployment",
              "metadata",
              Map.of("name", "app", "namespace", "team"),
              "spec",
              Map.of("replicas", 2, "template", template));
      case "CronJob" ->
          Map.of(
              "apiVersion",
              "batch/v1",
              "kind",
              "CronJob",
              "metadata",
              Map.of("name", "app", "namespace", "team"),
              "spec",
              Map.of(
                  "schedule",
                  "0 * * * *",
                  "jobTemplate",
                  Map.of("spec", Map.of("template", template))));
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private static String group(String kind) {
    return switch (kind) {
      case "Deployment" -> "apps";
      case "CronJob" -> "batch";
      default -> "";
    };
  }

  private static String resource(String kind) {
    return switch (kind) {
      case "Deployment" -> "deployments";
      case "CronJob" -> "cronjobs";
      default -> "pods";
    };
  }

  private static void merge(Map<String, Object> target, String key, Object patch) {
    if (patch == null) {
      return;
    }
    Map<String, Object> into = copy(ObjectMaps.map(target.get(key)));
    mergeInto(into, ObjectMaps.map(patch));
    target.put(key, into);
  }

  /** RFC 7386 JSON merge patch: maps merge, null removes, anything else replaces. */
  private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      if (e.getValue() == null) {
        target.remove(e.getKey());
      } else if (e.getValue() instanceof Map<?, ?> m
          && target.get(e.getKey()) instanceof Map<?, ?> t) {
        Map<String, Object> merged = copy(ObjectMaps.map(t));
        mergeInto(merged, ObjectMaps.map(m));
        target.put(e.getKey(), merged);
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
  }

  private static Map<String, Object> copy(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? copy(ObjectMaps.map(m)) : v));
    return out;
  }
}
