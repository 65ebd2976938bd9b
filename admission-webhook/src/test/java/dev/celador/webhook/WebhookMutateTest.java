package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.jsonpatch.JsonPatch;
import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import dev.celador.engine.internal.jsonpatch.JsonTree;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /mutate} over real HTTPS with MutatingAdmissionPolicies from a file: the JSONPatch
 * answer, no patch for an object already mutated, the denial of a failing Fail policy, and the same
 * strict reading as {@code /validate}.
 */
class WebhookMutateTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dir;
  static TestServer server;
  static SSLContext client;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    Path policies =
        Path.of(WebhookMutateTest.class.getResource("/webhook/mutating-policies.yaml").toURI());
    TestServer.WithClient started =
        TestServer.withFreshCa(
            dir,
            List.of(
                "--celador.webhook.policies=" + policies,
                "--celador.webhook.max-request-bytes=65536"));
    server = started.server();
    client = started.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void mutate_deployment_answersJsonPatchThatGivesTheMutatedObject() throws Exception {
    Map<String, Object> object = deployment(Map.of("app", "web"));

    Map<String, Object> response = mutate(review("CREATE", object));

    assertThat(response).containsEntry("uid", "u-1").containsEntry("allowed", true);
    assertThat(response).containsEntry("patchType", "JSONPatch").doesNotContainKey("status");
    Object mutated = JsonPatch.apply(object, operations(response));
    Map<String, Object> expected =
        deployment(Map.of("app", "web", "celador.dev/defaults", "applied"));
    Map<String, Object> container = container(expected);
    container.put("imagePullPolicy", "IfNotPresent");
    container.put(
        "securityContext", Map.of("allowPrivilegeEscalation", false, "runAsNonRoot", true));
    assertThat(JsonTree.equal(mutated, expected))
        .as("%s%nexpected%n%s", JSON.writeValueAsString(mutated), JSON.writeValueAsString(expected))
        .isTrue();
  }

  @Test
  void mutate_objectAlreadyMutated_answersAllowedWithoutPatch() throws Exception {
    Map<String, Object> object = deployment(Map.of("app", "web"));
    Object once = JsonPatch.apply(object, operations(mutate(review("CREATE", object))));

    // What kube-apiserver sends when it reinvokes the webhook (reinvocationPolicy: IfNeeded).
    Map<String, Object> again = mutate(review("CREATE", once));

    assertThat(again)
        .containsEntry("allowed", true)
        .doesNotContainKeys("patch", "patchType", "status");
  }

  @Test
  @SuppressWarnings("unchecked")
  void mutate_failPolicyErrors_deniesWithTheApiServersWording() throws Exception {
    Map<String, Object> response = mutate(review("CREATE", deployment(Map.of("explode", "x"))));

    assertThat(response).containsEntry("allowed", false).doesNotContainKeys("patch", "patchType");
    Map<String, Object> status = (Map<String, Object>) response.get("status");
    assertThat(status).containsEntry("code", 403).containsEntry("reason", "Invalid");
    assertThat((String) status.get("message"))
        .startsWith("policy 'explodes' with binding 'explodes' denied request: ");
  }

  @Test
  @SuppressWarnings("unchecked")
  void mutate_deleteAndConnect_allowedWithoutPatch() throws Exception {
    Map<String, Object> delete = review("DELETE", null);
    ((Map<String, Object>) delete.get("request")).put("oldObject", deployment(Map.of()));
    Map<String, Object> connect = review("CONNECT", Map.of("kind", "PodExecOptions"));

    for (Map<String, Object> review : List.of(delete, connect)) {
      assertThat(mutate(review))
          .containsEntry("allowed", true)
          .doesNotContainKeys("patch", "patchType", "status");
    }
  }

  @Test
  void mutate_malformedOrDuplicateKeys_is400LikeValidate() throws Exception {
    String body = JSON.writeValueAsString(review("CREATE", deployment(Map.of())));

    HttpResponse<String> malformed = post(body.substring(0, body.length() - 2));
    HttpResponse<String> duplicate =
        post(body.replace("\"uid\":\"u-1\"", "\"uid\":\"u-1\",\"uid\":\"u-2\""));

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("malformed JSON");
    assertThat(duplicate.statusCode()).isEqualTo(400);
    assertThat(duplicate.body()).contains("request.uid: duplicate key");
  }

  @Test
  void mutate_overSizeLimit_is413() throws Exception {
    assertThat(post(" ".repeat(65537)).statusCode()).isEqualTo(413);
  }

  @Test
  void mutate_reviews_countedByOutcome() throws Exception {
    mutate(review("CREATE", deployment(Map.of("app", "web"))));

    String metrics = server.management("/metrics").body();

    assertThat(metrics)
        .contains(
            "celador_admission_mutations_total{allowed=\"true\",code=\"200\",patched=\"true\"}")
        .contains(
            "celador_admission_policy_mutations_total{binding=\"pull-policy\",policy=\"pull-policy\"}")
        .contains("celador_admission_mutation_duration_seconds_count");
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return server.post(client, "/mutate", body.getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutate(Map<String, Object> review) throws Exception {
    HttpResponse<String> response = post(JSON.writeValueAsString(review));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Object> answer = JSON.readValue(response.body(), Map.class);
    assertThat(answer)
        .containsEntry("apiVersion", "admission.k8s.io/v1")
        .containsEntry("kind", "AdmissionReview");
    return (Map<String, Object>) answer.get("response");
  }

  /** The response's base64 patch as operations. */
  @SuppressWarnings("unchecked")
  private static List<JsonPatchOperation> operations(Map<String, Object> response) {
    byte[] patch = Base64.getDecoder().decode((String) response.get("patch"));
    List<JsonPatchOperation> operations = new ArrayList<>();
    for (Map<String, Object> op : (List<Map<String, Object>>) JSON.readValue(patch, List.class)) {
      operations.add(
          new JsonPatchOperation(
              (String) op.get("op"),
              (String) op.get("path"),
              (String) op.getOrDefault("from", ""),
              op.get("value"),
              op.containsKey("value")));
    }
    return operations;
  }

  private static Map<String, Object> review(String operation, Object object) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", "u-1");
    request.put("kind", Map.of("group", "apps", "version", "v1", "kind", "Deployment"));
    request.put("resource", Map.of("group", "apps", "version", "v1", "resource", "deployments"));
    request.put("name", "web");
    request.put("namespace", "shop");
    request.put("operation", operation);
    request.put("userInfo", Map.of("username", "alice"));
    request.put("object", object);
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.put("request", request);
    return review;
  }

  private static Map<String, Object> deployment(Map<String, String> labels) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "app");
    container.put("image", "example/app:latest");
    container.put("imagePullPolicy", "Always");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "web");
    metadata.put("namespace", "shop");
    if (!labels.isEmpty()) {
      metadata.put("labels", new LinkedHashMap<>(labels));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", 2);
    spec.put(
        "template",
        new LinkedHashMap<>(
            Map.of("spec", new LinkedHashMap<>(Map.of("containers", List.of(container))))));
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("apiVersion", "apps/v1");
    deployment.put("kind", "Deployment");
    deployment.put("metadata", metadata);
    deployment.put("spec", spec);
    return deployment;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(Map<String, Object> deployment) {
    Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
  }
}
