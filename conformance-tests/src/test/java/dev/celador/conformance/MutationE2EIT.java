package dev.celador.conformance;

import static dev.celador.conformance.CeladorWebhookInCluster.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Celador's {@code POST /mutate} registered as a MutatingWebhookConfiguration on the real
 * kube-apiserver (policies: {@code mutation/policies.yaml}): the Deployment the API server stores
 * is the object {@code celador eval --admission-review} (the packaged jar, as a process) predicts
 * for the same request, a failing Fail policy refuses the create with its message, and a call with
 * the already mutated object (an UPDATE) gets no patch.
 *
 * <p>The request eval judges is built from what the API server admits: the Deployment dry-run
 * created in a namespace the webhooks leave alone, so it carries the API server's defaults as the
 * webhook's review does. Server-set metadata (uid, resourceVersion, creationTimestamp, generation,
 * managedFields) and status differ between any two creates, so both sides are compared without.
 */
class MutationE2EIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MUTATE = "mutate.e2e.celador.dev";
  private static final List<String> SERVER_SET =
      List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields");

  @TempDir static Path work;
  private static CeladorWebhookInCluster webhook;
  private static KubernetesClient admin;
  private static Path policies;
  private static String ns;
  private static String plain;

  @BeforeAll
  static void start() throws Exception {
    policies = Path.of(MutationE2EIT.class.getResource("/mutation").toURI());
    webhook = new CeladorWebhookInCluster(policies, work);
    admin = webhook.admin;
    webhook.register(
        new CeladorWebhookInCluster.Hook(
            "validate.e2e.celador.dev",
            "Fail",
            null,
            rule("apps", "deployments", "CREATE", "UPDATE")));
    webhook.registerMutating(
        new CeladorWebhookInCluster.Hook(
            MUTATE, "Fail", null, rule("apps", "deployments", "CREATE", "UPDATE")));
    webhook.start();
    ns = webhook.enforcedNamespace(Map.of());
    plain = webhook.namespace(Map.of());
    // The API server picks the patched caBundles up from its informers: wait until it mutates.
    CeladorWebhookInCluster.await(
        "the API server to call /mutate",
        Duration.ofSeconds(60),
        () -> {
          try {
            Map<String, Object> dry = create(ns, deployment("probe", Map.of()), true);
            return "applied".equals(labels(dry).get("celador.dev/defaults"));
          } catch (Exception e) {
            return false;
          }
        });
  }

  @AfterAll
  static void stop() throws Exception {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void createDeployment_mutatedByWebhook_storedObjectIsWhatCeladorEvalPredicted() throws Exception {
    Map<String, Object> submitted = deployment("web", Map.of("app", "web"));
    Map<String, Object> admitted = stripped(create(plain, submitted, true));
    metadata(admitted).put("namespace", ns);

    Map<String, Object> predicted = stripped(eval(review("CREATE", admitted)).object());
    create(ns, submitted, false);
    Map<String, Object> stored = stripped(get(ns, "web"));

    assertThat(stored).isEqualTo(predicted);
    assertThat(labels(stored)).containsEntry("celador.dev/defaults", "applied");
    Map<String, Object> container = container(stored);
    assertThat(container)
        .containsEntry("imagePullPolicy", "IfNotPresent")
        .containsEntry(
            "securityContext", Map.of("allowPrivilegeEscalation", false, "runAsNonRoot", true));
    assertThat(container(admitted)).containsEntry("imagePullPolicy", "Always");
    webhook.assertDecisionLogged(
        "\"operation\":\"CREATE\"",
        "\"name\":\"web\"",
        "\"mutation\":{\"applied\":[",
        "\"policy\":\"security-defaults\"",
        "\"policy\":\"pull-policy\"");

    // An UPDATE sends the stored, already mutated object: /mutate answers without a patch.
    Map<String, Object> touched = get(ns, "web");
    metadata(touched).put("annotations", Map.of("touched", "yes"));
    send("PUT", "apis/apps/v1/namespaces/" + ns + "/deployments/web", touched);
    webhook.assertDecisionLogged(
        "\"operation\":\"UPDATE\"", "\"name\":\"web\"", "\"patch_operations\":0");
  }

  @Test
  void createDeployment_failPolicyErrors_refusedWithThePolicysMessage() throws Exception {
    Map<String, Object> submitted = deployment("boom", Map.of("explode", "x"));
    Map<String, Object> admitted = stripped(create(plain, submitted, true));
    metadata(admitted).put("namespace", ns);
    Evaluated predicted = eval(review("CREATE", admitted));

    assertThat(predicted.mutation()).containsEntry("allowed", false);
    String message = (String) predicted.mutation().get("message");
    assertThat(message).startsWith("policy 'explodes' with binding 'explodes' denied request: ");
    assertThatThrownBy(() -> create(ns, submitted, false))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403))
        .hasMessageContaining(
            "admission webhook \"" + MUTATE + "\" denied the request: " + message);
    assertThat(admin.apps().deployments().inNamespace(ns).withName("boom").get()).isNull();
  }

  /** eval's mutation line: {@code {"allowed", "patch", "object"}} or the denial. */
  private record Evaluated(Map<String, Object> mutation) {
    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
      assertThat(mutation).as("mutation").containsEntry("allowed", true);
      return (Map<String, Object>) mutation.get("object");
    }
  }

  /** {@code celador eval --admission-review} of {@code review}, by the packaged jar. */
  @SuppressWarnings("unchecked")
  private static Evaluated eval(Map<String, Object> review)
      throws IOException, InterruptedException {
    Path file = Files.createTempFile(work, "review", ".json");
    Files.writeString(file, JSON.writeValueAsString(review));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(System.getProperty("celador.jar", "../cli/target/celador.jar"));
    cmd.addAll(
        List.of("eval", "--policies", policies.toString(), "--admission-review", file.toString()));
    Path out = Files.createTempFile(work, "eval", ".out");
    Path err = Files.createTempFile(work, "eval", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("eval finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    String first = Files.readAllLines(out, StandardCharsets.UTF_8).get(0);
    return new Evaluated((Map<String, Object>) JSON.readValue(first, Map.class).get("mutation"));
  }

  private static Map<String, Object> review(String operation, Map<String, Object> object) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", "e2e-" + operation.toLowerCase());
    request.put("kind", Map.of("group", "apps", "version", "v1", "kind", "Deployment"));
    request.put("resource", Map.of("group", "apps", "version", "v1", "resource", "deployments"));
    request.put("name", metadata(object).get("name"));
    request.put("namespace", ns);
    request.put("operation", operation);
    request.put("userInfo", Map.of("username", "kubernetes-admin"));
    request.put("object", object);
    request.put("dryRun", false);
    return Map.of(
        "apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request);
  }

  private static Map<String, Object> create(
      String namespace, Map<String, Object> deployment, boolean dryRun) throws Exception {
    return send(
        "POST",
        "apis/apps/v1/namespaces/" + namespace + "/deployments" + (dryRun ? "?dryRun=All" : ""),
        deployment);
  }

  private static Map<String, Object> get(String namespace, String name) throws Exception {
    return send("GET", "apis/apps/v1/namespaces/" + namespace + "/deployments/" + name, null);
  }

  /** The API's JSON, untouched by fabric8's model; an error status as the client's exception. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> send(String method, String path, Map<String, Object> body)
      throws Exception {
    var http = admin.getHttpClient();
    var builder = http.newHttpRequestBuilder().uri(admin.getMasterUrl() + path);
    if (body != null) {
      builder.method(method, "application/json", JSON.writeValueAsString(body));
    }
    var response = http.sendAsync(builder.build(), String.class).get(30, TimeUnit.SECONDS);
    Map<String, Object> json = JSON.readValue(response.body(), Map.class);
    if (response.code() >= 300) {
      throw new KubernetesClientException((String) json.get("message"), response.code(), null);
    }
    return json;
  }

  /** A copy without server-set metadata and status. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> stripped(Map<String, Object> object) {
    Map<String, Object> copy = JSON.readValue(JSON.writeValueAsString(object), Map.class);
    copy.remove("status");
    SERVER_SET.forEach(metadata(copy)::remove);
    return copy;
  }

  private static Map<String, Object> deployment(String name, Map<String, String> labels) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (!labels.isEmpty()) {
      metadata.put("labels", labels);
    }
    Map<String, Object> podSpec =
        Map.of("containers", List.of(Map.of("name", "app", "image", "example/app:latest")));
    return Map.of(
        "apiVersion",
        "apps/v1",
        "kind",
        "Deployment",
        "metadata",
        metadata,
        "spec",
        Map.of(
            "replicas",
            1,
            "selector",
            Map.of("matchLabels", Map.of("app", name)),
            "template",
            Map.of("metadata", Map.of("labels", Map.of("app", name)), "spec", podSpec)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> object) {
    return (Map<String, Object>) object.get("metadata");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> labels(Map<String, Object> object) {
    return (Map<String, Object>) metadata(object).getOrDefault("labels", Map.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(Map<String, Object> deployment) {
    Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
  }
}
