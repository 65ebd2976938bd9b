package dev.celador.conformance.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionContexts;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.MutatedRequest;
import dev.celador.engine.internal.admission.ObjectFiles;
import dev.celador.engine.internal.admission.ObjectRequests;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import dev.celador.webhook.AdmissionReviewReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code celador apply} (the packaged jar) judges, from a pipe, every manifest under {@code
 * policies/*}{@code /testdata} and {@code helm template charts/celador} for the default values and
 * every {@code ci/*-values.yaml}, with all of {@code policies/}; each object is then wrapped in the
 * AdmissionReview kube-apiserver would send, read by the webhook's reader and decided by the path
 * the webhook takes ({@link PolicyEngine#admit}), after the mutating policies of {@code
 * policies/mutation} (which kube-apiserver runs before any validating webhook). Apply's verdict,
 * denial message and warnings must be the webhook's, an object is denied exactly when one of its
 * rows denies, and apply shows a patch exactly when the mutating policies changed the object.
 */
class ApplyParityIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NAMESPACE = "shop";

  @TempDir Path work;

  @Test
  void apply_testdataAndChartFromAPipe_matchesTheWebhooksDecisions() throws Exception {
    Path root = Tools.repoRoot();
    String stream = manifests(root);
    Path streamFile = Files.writeString(work.resolve("stream.yaml"), stream);
    Path namespaces =
        Files.writeString(
            work.resolve("namespaces.yaml"),
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {environment:"
                + " production}}\n---\napiVersion: v1\nkind: Namespace\n"
                + "metadata: {name: celador-system}\n");
    Path params = root.resolve("policies/best-practice/testdata/allowed-registries.yaml");

    JsonNode applied =
        applyFromPipe(
            streamFile,
            "apply",
            "-p",
            root.resolve("policies").toString(),
            "--params",
            params.toString(),
            "--namespaces",
            namespaces.toString(),
            "-n",
            NAMESPACE,
            "-o",
            "json",
            "-");

    List<ObjectFiles.Located> objects = ObjectFiles.parse("<stdin>", stream);
    JsonNode results = applied.get("objects");
    assertThat(results.size()).isEqualTo(objects.size()).isGreaterThan(40);
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      AdmissionContext context =
          AdmissionContexts.fromFiles(
              List.of(params), List.of(namespaces), DeclaredAuthorizer.none());
      LoadResult loaded = engine.reload(List.of(root.resolve("policies")), context);
      assertThat(loaded.hasErrors()).as(loaded.render()).isFalse();
      CompiledAdmissionSet set = loaded.admission().orElseThrow();
      assertThat(set.mutatingPolicies()).as("policies/mutation is loaded").isNotEmpty();
      int mutated = 0;
      int denied = 0;
      int warned = 0;
      for (int i = 0; i < objects.size(); i++) {
        JsonNode result = results.get(i);
        String at = objects.get(i).where() + " " + objects.get(i).object().get("kind");
        assertThat(result.get("file").asString() + ":" + result.get("line").asInt())
            .isEqualTo(objects.get(i).where());
        AdmissionRequest review = webhookReview(objects.get(i).object(), i);
        // kube-apiserver runs mutating admission policies before it calls a validating webhook:
        // the review the webhook gets carries the mutated object.
        MutatedRequest afterMutation = set.mutateForValidation(review, context);
        AdmissionDecision webhook =
            afterMutation.denial() != null
                ? afterMutation.denial()
                : webhookDecision(engine, afterMutation.request());
        boolean changed = !afterMutation.mutation().patch().isEmpty();
        mutated += changed ? 1 : 0;
        assertThat(result.has("mutation")).as(at).isTrue();
        assertThat(result.get("mutation").get("patch").isEmpty()).as(at).isEqualTo(!changed);
        assertThat(result.get("message").asString()).as(at).isEqualTo(webhook.message());
        assertThat(result.get("allowed").asBoolean()).as(at).isEqualTo(webhook.allowed());
        assertThat(strings(result.get("warnings"))).as(at).isEqualTo(webhook.warnings());
        boolean anyRowDenies = false;
        for (JsonNode row : result.get("policies")) {
          anyRowDenies |= row.get("denies").asBoolean();
        }
        assertThat(anyRowDenies).as(at + ": a row denies iff denied").isEqualTo(!webhook.allowed());
        denied += webhook.allowed() ? 0 : 1;
        warned += webhook.warnings().isEmpty() ? 0 : 1;
      }
      // Not vacuous: both verdicts, warnings and mutations occur in this corpus.
      assertThat(denied).isPositive().isLessThan(objects.size());
      assertThat(mutated).isPositive();
      assertThat(warned).isPositive();
      assertThat(applied.get("summary").get("denied").asInt()).isEqualTo(denied);
    }
  }

  /** testdata manifests (files that hold Kubernetes objects), then the chart for every values. */
  private static String manifests(Path root) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(root.resolve("policies"))) {
      for (Path dir : files.map(d -> d.resolve("testdata")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> data = Files.list(dir)) {
          for (Path file : data.sorted().toList()) {
            String text = Files.readString(file);
            if (isManifest(file, text)) {
              out.append("---\n").append(text);
            }
          }
        }
      }
    }
    assertThat(out).as("testdata manifests").isNotEmpty();
    for (String values : Chart.valuesCases()) {
      out.append(Chart.render("celador", "celador-system", values));
    }
    return out.toString();
  }

  /** The HTTP request fixtures in testdata are not Kubernetes objects. */
  private static boolean isManifest(Path file, String text) {
    try {
      return !ObjectFiles.parse(file.toString(), text).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The AdmissionReview kube-apiserver sends for a CREATE, as the webhook reads it. */
  private static AdmissionRequest webhookReview(Map<String, Object> object, int i)
      throws Exception {
    String apiVersion = (String) object.get("apiVersion");
    String kind = (String) object.get("kind");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        new LinkedHashMap<>((Map<String, Object>) object.getOrDefault("metadata", Map.of()));
    String namespace = "";
    if (!ObjectRequests.clusterScoped(new AdmissionRequest.Gvk(group, version, kind))) {
      namespace = (String) metadata.getOrDefault("namespace", NAMESPACE);
      metadata.put("namespace", namespace);
    }
    Map<String, Object> sent = new LinkedHashMap<>(object);
    sent.put("metadata", metadata);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", "uid-" + i);
    request.put("kind", Map.of("group", group, "version", version, "kind", kind));
    request.put(
        "resource",
        Map.of("group", group, "version", version, "resource", ObjectRequests.plural(kind)));
    request.put("name", metadata.getOrDefault("name", ""));
    request.put("namespace", namespace);
    request.put("operation", "CREATE");
    request.put(
        "userInfo",
        Map.of(
            "username",
            "kubernetes-admin",
            "groups",
            List.of("system:masters", "system:authenticated")));
    request.put("object", sent);
    request.put("oldObject", null);
    request.put("dryRun", false);
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.put("request", request);
    return AdmissionReviewReader.read(JSON.writeValueAsBytes(review));
  }

  /** The decision the webhook's path takes for {@code read}, and what it sends back. */
  private static AdmissionDecision webhookDecision(PolicyEngine engine, AdmissionRequest read) {
    AdmissionDecision decision = engine.admit(read);
    // What the webhook sends back, to be sure the decision survives its mapper.
    JsonNode response =
        JSON.readTree(AdmissionReviewMapper.write(read.uid(), decision)).get("response");
    assertThat(response.get("allowed").asBoolean()).isEqualTo(decision.allowed());
    return decision;
  }

  /** {@code celador apply} with the stream on its standard input, through an OS pipe. */
  private JsonNode applyFromPipe(Path stream, String... args) throws Exception {
    Path jar = Path.of(System.getProperty("celador.jar", "../cli/target/celador.jar"));
    assertThat(jar).as("build cli/target/celador.jar first").isRegularFile();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Path out = work.resolve("apply.json");
    Path err = work.resolve("apply.err");
    List<Process> pipeline =
        ProcessBuilder.startPipeline(
            List.of(
                new ProcessBuilder("cat", stream.toString()),
                new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())));
    Process apply = pipeline.get(1);
    assertThat(apply.waitFor(3, TimeUnit.MINUTES)).as("apply finished").isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(apply.exitValue()).as("exit code (3: some denied); stderr: %s", stderr).isEqualTo(3);
    return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
