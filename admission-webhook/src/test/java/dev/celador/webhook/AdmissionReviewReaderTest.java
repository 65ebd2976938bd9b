package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.BadReviewException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strict reading: every review kube-apiserver sends is read, anything of another shape is refused
 * with the field at fault (the webhook's 400), never with another exception.
 */
class AdmissionReviewReaderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "webhook/allowed.json",
        "webhook/denied.json",
        "webhook/apiserver-delete.json",
        "webhook/apiserver-connect.json"
      })
  void read_reviewsShapedAsApiServerSendsThem_areRead(String fixture) throws Exception {
    AdmissionRequest request = AdmissionReviewReader.read(fixture(fixture));

    assertThat(request.uid()).isNotEmpty();
    assertThat(request.operation()).isIn("CREATE", "UPDATE", "DELETE", "CONNECT");
  }

  @Test
  void read_loadBenchmarkReview_isRead() throws Exception {
    byte[] review = Files.readAllBytes(Path.of("../benchmarks/load/deployment-review.json"));

    assertThat(AdmissionReviewReader.read(review).kind().kind()).isEqualTo("Deployment");
  }

  @Test
  void read_connectReview_keepsSubResourceAndOptionsObject() throws Exception {
    AdmissionRequest request =
        AdmissionReviewReader.read(fixture("webhook/apiserver-connect.json"));

    assertThat(request.subResource()).isEqualTo("exec");
    assertThat(request.object()).isNotNull();
    assertThat(request.options()).isNull();
  }

  /**
   * Each case replaces {@code REQ} in a valid review's request fields; the reason names a field.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "\"operation\":\"EXPLODE\"|request.operation: expected one of CREATE, UPDATE, DELETE,"
            + " CONNECT, got \"EXPLODE\"",
        "\"operation\":\"create\"|request.operation: expected one of CREATE",
        "\"operation\":null|request.operation: required field is missing",
        "\"operation\":1|request.operation: expected one of CREATE, UPDATE, DELETE, CONNECT, got 1",
        "\"kind\":null|request.kind: required field is missing",
        "\"kind\":\"Deployment\"|request.kind: expected an object, got \"Deployment\"",
        "\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":7}|request.kind.kind: expected a"
            + " string, got 7",
        "\"resource\":[]|request.resource: expected an object, got a list",
        "\"resource\":{\"group\":null,\"version\":\"v1\",\"resource\":{}}|request.resource.resource:"
            + " expected a string, got an object",
        "\"requestKind\":\"x\"|request.requestKind: expected an object",
        "\"requestResource\":{\"version\":true}|request.requestResource.version: expected a string,"
            + " got true",
        "\"uid\":7|request.uid: expected a non-empty string, got 7",
        "\"uid\":\"\"|request.uid: expected a non-empty string, got \"\"",
        "\"uid\":null|request.uid: required field is missing",
        "\"name\":[\"web\"]|request.name: expected a string, got a list",
        "\"namespace\":false|request.namespace: expected a string, got false",
        "\"subResource\":1.5|request.subResource: expected a string, got 1.5",
        "\"userInfo\":\"alice\"|request.userInfo: expected an object, got \"alice\"",
        "\"userInfo\":{\"groups\":\"admins\"}|request.userInfo.groups: expected a list of strings",
        "\"userInfo\":{\"groups\":[\"a\",1]}|request.userInfo.groups[1]: expected a string, got 1",
        "\"userInfo\":{\"extra\":{\"scopes\":\"s\"}}|request.userInfo.extra.scopes: expected a list"
            + " of strings",
        "\"userInfo\":{\"username\":{}}|request.userInfo.username: expected a string",
        "\"object\":[1,2]|request.object: expected an object, got a list",
        "\"oldObject\":\"x\"|request.oldObject: expected an object",
        "\"options\":3|request.options: expected an object, got 3",
        "\"dryRun\":\"true\"|request.dryRun: expected a boolean, got \"true\"",
        "\"uid\":\"a\",\"uid\":\"b\"|request.uid: duplicate key",
        "\"object\":{\"metadata\":{\"labels\":{\"a\":\"1\",\"a\":\"2\"}}}|"
            + "request.object.metadata.labels.a: duplicate key"
      })
  void read_malformedRequestField_isRefusedNamingTheField(String fields, String reason) {
    byte[] review = review(fields);

    assertThatThrownBy(() -> AdmissionReviewReader.read(review))
        .isInstanceOf(BadReviewException.class)
        .hasMessageStartingWith(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":null,\"request\":{}}|expected apiVersion"
            + " admission.k8s.io/v1 and kind AdmissionReview, got apiVersion admission.k8s.io/v1 and"
            + " kind null",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Review\",\"request\":{}}|expected"
            + " apiVersion admission.k8s.io/v1 and kind AdmissionReview",
        "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}|expected"
            + " apiVersion admission.k8s.io/v1",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}|request: required"
            + " field is missing",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":[]}|"
            + "request: expected an object, got a list",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"kind\":\"X\"}|"
            + "kind: duplicate key",
        "[]|expected a JSON object (an AdmissionReview)",
        "{\"a\":|malformed JSON: "
      })
  void read_malformedEnvelope_isRefusedWithReason(String json, String reason) {
    byte[] review = json.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AdmissionReviewReader.read(review))
        .isInstanceOf(BadReviewException.class)
        .hasMessageStartingWith(reason);
  }

  @Test
  void read_nullOptionalFields_countAsAbsentAsInTheApiServersDecoding() throws Exception {
    AdmissionRequest request =
        AdmissionReviewReader.read(
            review(
                "\"name\":null,\"requestKind\":null,\"userInfo\":null,\"dryRun\":null,"
                    + "\"object\":null,\"futureField\":{\"x\":[1]}"));

    assertThat(request.name()).isEmpty();
    assertThat(request.requestKind()).isEqualTo(request.kind());
    assertThat(request.dryRun()).isFalse();
  }

  /**
   * A valid CREATE review whose request fields are overridden by {@code fields} (JSON members):
   * later members replace earlier ones by being the only ones of their name.
   */
  private static byte[] review(String fields) {
    StringBuilder request = new StringBuilder("{");
    String[][] defaults = {
      {"uid", "\"u-1\""},
      {"kind", "{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"}"},
      {"resource", "{\"group\":\"apps\",\"version\":\"v1\",\"resource\":\"deployments\"}"},
      {"operation", "\"CREATE\""},
      {"object", "{\"metadata\":{\"name\":\"web\"}}"}
    };
    for (String[] d : defaults) {
      if (!fields.contains("\"" + d[0] + "\":")) {
        request.append('"').append(d[0]).append("\":").append(d[1]).append(',');
      }
    }
    request.append(fields).append('}');
    return ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
            + request
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = AdmissionReviewReaderTest.class.getResourceAsStream("/" + name)) {
      return in.readAllBytes();
    }
  }
}
