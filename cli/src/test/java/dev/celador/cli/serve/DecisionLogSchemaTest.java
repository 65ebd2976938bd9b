package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionDecisionLog;
import dev.celador.engine.internal.admission.AdmissionMutation;
import dev.celador.engine.internal.admission.MutationResult;
import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import dev.celador.extauthz.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Both front doors write one schema: the same envelope, first, in the same order. */
class DecisionLogSchemaTest {

  private static final List<String> ENVELOPE =
      List.of("time", "decision_id", "type", "revision", "allowed", "status", "duration_us");

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> keys(String line) throws Exception {
    JsonNode node = JSON.readTree(line);
    List<String> names = new ArrayList<>();
    names.addAll(node.propertyNames());
    return names;
  }

  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    Map<String, Object> copy = new java.util.HashMap<>(map);
    copy.put(key, value);
    return copy;
  }

  /** A {@code POST /mutate} line: the Deployment's first container gets an imagePullPolicy. */
  private static String mutationLine() {
    Map<String, Object> deployment = Map.of("group", "apps", "version", "v1");
    Map<String, Object> review = new java.util.HashMap<>(Map.of("uid", "u-2", "name", "web"));
    review.put("operation", "CREATE");
    review.put("namespace", "shop");
    review.put("kind", with(deployment, "kind", "Deployment"));
    review.put("resource", with(deployment, "resource", "deployments"));
    review.put("userInfo", Map.of("username", "alice"));
    review.put("object", Map.of("spec", Map.of("replicas", 3)));
    AdmissionRequest request = AdmissionRequest.fromMap(review);
    JsonPatchOperation op = new JsonPatchOperation("add", "/spec/paused", "", false, true);
    MutationResult result =
        new MutationResult(
            true,
            200,
            "",
            "",
            Map.of("spec", Map.of("replicas", 3, "paused", false)),
            List.of(new MutationResult.AppliedPatch("pause", "pause", 0, List.of(op))));
    return AdmissionDecisionLog.line(
        Instant.parse("2026-07-01T10:00:00Z"),
        "0123456789abcdef",
        null,
        request,
        AdmissionMutation.of(request, result),
        42);
  }

  private static String admissionLine(boolean allowed) {
    Map<String, Object> deployment = Map.of("group", "apps", "version", "v1");
    Map<String, Object> review = new java.util.HashMap<>(Map.of("uid", "u-1", "name", "web"));
    review.put("operation", "CREATE");
    review.put("namespace", "shop");
    review.put("kind", with(deployment, "kind", "Deployment"));
    review.put("resource", with(deployment, "resource", "deployments"));
    AdmissionRequest request = AdmissionRequest.fromMap(review);
    AdmissionDecision decision =
        new AdmissionDecision(
            allowed,
            allowed ? 200 : 403,
            allowed ? "" : "Forbidden",
            allowed ? "" : "replicas must be 3 or more",
            List.of(),
            Map.of(),
            List.of(
                new AdmissionDecision.PolicyEvaluation(
                    "replicas",
                    "replicas-deny",
                    allowed ? AdmissionDecision.Result.ALLOW : AdmissionDecision.Result.DENY)));
    return AdmissionDecisionLog.line(
        Instant.parse("2026-07-01T10:00:00Z"), "0123456789abcdef", request, decision, 42);
  }

  @Test
  void line_deniedByEitherFrontDoor_sameEnvelopeFirstInOrder() throws Exception {
    String extAuthz =
        DecisionLog.line(
            Transport.GRPC,
            DecisionLogTest.request("/a"),
            DecisionLogTest.denied("no"),
            "0123456789abcdef",
            42_000);

    List<String> extAuthzKeys = keys(extAuthz);
    List<String> admissionKeys = keys(admissionLine(false));

    assertThat(extAuthzKeys.subList(0, ENVELOPE.size())).isEqualTo(ENVELOPE);
    assertThat(admissionKeys.subList(0, ENVELOPE.size())).isEqualTo(ENVELOPE);
    assertThat(JSON.readTree(extAuthz).get("type").asString()).isEqualTo("ext_authz");
    assertThat(JSON.readTree(admissionLine(false)).get("type").asString()).isEqualTo("admission");
  }

  @Test
  void documentedExamples_eachFrontDoor_sameKeysInSameOrderAsWritten() throws Exception {
    List<String> examples =
        Files.readString(Path.of("../docs/decision-log.md"))
            .lines()
            .filter(l -> l.startsWith("{\"time\""))
            .toList();
    String extAuthz =
        DecisionLog.line(
            Transport.GRPC,
            DecisionLogTest.request("/a", Map.of("traceparent", TRACEPARENT)),
            DecisionLogTest.denied("no"),
            "0123456789abcdef",
            42_000);

    assertThat(examples).hasSize(3);
    assertThat(keys(examples.get(0))).isEqualTo(keys(extAuthz));
    assertThat(keys(examples.get(1))).as("POST /mutate").isEqualTo(keys(mutationLine()));
    assertThat(keys(examples.get(2))).isEqualTo(keys(admissionLine(false)));
  }

  @Test
  void line_everyKeyOfEitherFrontDoor_snakeCase() throws Exception {
    List<String> all = new ArrayList<>(keys(admissionLine(true)));
    all.addAll(keys(admissionLine(false)));
    all.addAll(
        keys(
            DecisionLog.line(
                Transport.HTTP,
                DecisionLogTest.request(
                    "/",
                    Map.of(
                        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                DecisionLogTest.allowedWithShadowOverLimit(),
                "0123456789abcdef",
                1)));

    assertThat(all).allMatch(key -> key.matches("[a-z]+(_[a-z]+)*"), "snake_case");
  }
}
