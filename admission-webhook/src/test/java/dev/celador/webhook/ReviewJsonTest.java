package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.cel.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-pass review reader gives what reading the untyped tree and converting {@code object},
 * {@code oldObject} and {@code options} with {@link JsonValues#toCel} gives, and Jackson's own
 * errors for anything that is not one JSON value; a key twice in one object is refused.
 */
class ReviewJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static List<String> reviews() throws IOException {
    String numbers =
        "{\"i\":1,\"l\":3000000000,\"big\":12345678901234567890123,\"small\":-9223372036854775808,"
            + "\"f\":1.5,\"e\":1e400,\"neg\":-0.0,\"t\":true,\"n\":null,\"s\":\"x\\u00e9\","
            + "\"a\":[1,[null,{}],[],{\"k\":[2.5]}]}";
    return List.of(
        fixture("allowed.json"),
        fixture("denied.json"),
        Files.readString(Path.of("../benchmarks/load/deployment-review.json")),
        review("\"object\":" + numbers + ",\"oldObject\":" + numbers + ",\"options\":[1,null]"),
        review("\"object\":null,\"oldObject\":null,\"dryRun\":true,\"options\":{}"),
        review("\"object\":1,\"userInfo\":{\"username\":\"a\",\"extra\":{\"k\":[\"v\",2]}}"),
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":[1,{}]}",
        "{\"request\":{\"uid\":7,\"object\":{\"a\":1}},\"other\":{\"uid\":\"8\"}}",
        "[{\"request\":{\"object\":{\"a\":1}}}]",
        "\"just a string\"",
        "null");
  }

  @ParameterizedTest
  @MethodSource("reviews")
  void read_wellFormedJson_equalsUntypedTreeWithCelObjects(String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);

    Object read = ReviewJson.read(JSON, body);

    assertThat(read).isEqualTo(expected(JSON.readValue(body, Object.class)));
    if (read instanceof Map<?, ?> review
        && review.get("request") instanceof Map<?, ?> request
        && request.get("object") instanceof Map<?, ?> object) {
      // Already CEL values: fromJson returns the very same instance instead of copying it.
      assertThat(JsonValues.toCel(object)).isSameAs(object);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "{\"a\":1} x", "{\"a\":1} {}", "{\"a\":", "{\"a\" 1}", "[1,]"})
  void read_notOneJsonValue_failsAsJacksonDoes(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String expected = jacksonError(body);

    assertThatThrownBy(() -> ReviewJson.read(JSON, body))
        .isInstanceOf(JacksonException.class)
        .satisfies(
            e -> assertThat(((JacksonException) e).getOriginalMessage()).isEqualTo(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"kind\":1,\"kind\":2}|kind",
        "{\"request\":{\"uid\":\"a\",\"uid\":\"b\"}}|request.uid",
        "{\"request\":{\"object\":null,\"object\":{}}}|request.object",
        "{\"request\":{\"object\":{\"spec\":{\"c\":[{\"n\":1},{\"n\":1,\"n\":2}]}}}}"
            + "|request.object.spec.c[1].n",
        "{\"request\":{\"userInfo\":{\"extra\":{\"k\":[],\"k\":[]}}}}|request.userInfo.extra.k",
        "[[{\"a\":{\"b\":null,\"b\":null}}]]|[0][0].a.b"
      })
  void read_duplicateKey_isRefusedWithItsPath(String json, String path) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReviewJson.read(JSON, body))
        .isInstanceOf(BadReviewException.class)
        .hasMessage(path + ": duplicate key");
  }

  /** The untyped tree with request.object, oldObject and options converted as the engine does. */
  private static Object expected(Object tree) {
    if (tree instanceof Map<?, ?> review && review.get("request") instanceof Map<?, ?> request) {
      Map<Object, Object> converted = new LinkedHashMap<>(request);
      for (String field : List.of("object", "oldObject", "options")) {
        if (request.get(field) != null) {
          converted.put(field, JsonValues.toCel(request.get(field)));
        }
      }
      Map<Object, Object> out = new LinkedHashMap<>(review);
      out.put("request", converted);
      return out;
    }
    return tree;
  }

  private static String jacksonError(byte[] body) {
    try {
      JSON.readValue(body, Object.class);
    } catch (JacksonException e) {
      return e.getOriginalMessage();
    }
    throw new AssertionError("expected Jackson to fail on " + new String(body));
  }

  private static String review(String requestFields) {
    return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
        + "{\"uid\":\"u\","
        + requestFields
        + "}}";
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = ReviewJsonTest.class.getResourceAsStream("/webhook/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
