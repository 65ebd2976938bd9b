package dev.celador.engine.internal.admission;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a parsed AdmissionReview v1 has the shape kube-apiserver sends (admission/v1
 * types.go), so a review that is not one is refused with the field at fault instead of being
 * evaluated with guessed values: {@code uid}, {@code kind}, {@code resource} and {@code operation}
 * are required, {@code kind}/{@code resource} (and {@code requestKind}/{@code requestResource}) are
 * objects of strings, {@code operation} is CREATE, UPDATE, DELETE or CONNECT, the other fields have
 * their JSON types. As with the API server's own decoding, a null optional field counts as absent
 * and unknown fields are ignored, so newer API servers' additions are not refused.
 */
final class ReviewShape {

  static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  private ReviewShape() {}

  /** The review's {@code request}, checked; the message of the exception names the field. */
  static Map<?, ?> request(Object review) throws BadReviewException {
    if (!(review instanceof Map<?, ?> map)) {
      throw new BadReviewException("expected a JSON object (an AdmissionReview)");
    }
    Object apiVersion = map.get("apiVersion");
    if (!AdmissionReviewMapper.API_VERSION.equals(apiVersion)
        || !AdmissionReviewMapper.KIND.equals(map.get("kind"))) {
      throw new BadReviewException(
          "expected apiVersion "
              + AdmissionReviewMapper.API_VERSION
              + " and kind "
              + AdmissionReviewMapper.KIND
              + ", got apiVersion "
              + apiVersion
              + " and kind "
              + map.get("kind"));
    }
    if (map.get("request") == null) {
      throw new BadReviewException("request: required field is missing");
    }
    Map<?, ?> request = object("request", map.get("request"));
    if (!(request.get("uid") instanceof String uid) || uid.isEmpty()) {
      throw missingOr("request.uid", request.get("uid"), "a non-empty string");
    }
    groupVersion("request.kind", request.get("kind"), "kind", true);
    groupVersion("request.resource", request.get("resource"), "resource", true);
    groupVersion("request.requestKind", request.get("requestKind"), "kind", false);
    groupVersion("request.requestResource", request.get("requestResource"), "resource", false);
    for (String field : List.of("subResource", "requestSubResource", "name", "namespace")) {
      optionalString("request." + field, request.get(field));
    }
    Object operation = request.get("operation");
    if (!(operation instanceof String op) || !OPERATIONS.contains(op)) {
      throw missingOr("request.operation", operation, "one of CREATE, UPDATE, DELETE, CONNECT");
    }
    userInfo(request.get("userInfo"));
    for (String field : List.of("object", "oldObject", "options")) {
      if (request.get(field) != null) {
        object("request." + field, request.get(field));
      }
    }
    Object dryRun = request.get("dryRun");
    if (dryRun != null && !(dryRun instanceof Boolean)) {
      throw wrongType("request.dryRun", dryRun, "a boolean");
    }
    return request;
  }

  /** A group/version/kind or group/version/resource object: {@code last} names its third field. */
  private static void groupVersion(String path, Object value, String last, boolean required)
      throws BadReviewException {
    if (value == null) {
      if (required) {
        throw new BadReviewException(path + ": required field is missing");
      }
      return;
    }
    Map<?, ?> map = object(path, value);
    for (String field : List.of("group", "version", last)) {
      optionalString(path + "." + field, map.get(field));
    }
  }

  private static void userInfo(Object value) throws BadReviewException {
    if (value == null) {
      return;
    }
    Map<?, ?> user = object("request.userInfo", value);
    optionalString("request.userInfo.username", user.get("username"));
    optionalString("request.userInfo.uid", user.get("uid"));
    strings("request.userInfo.groups", user.get("groups"));
    if (user.get("extra") != null) {
      for (Map.Entry<?, ?> e : object("request.userInfo.extra", user.get("extra")).entrySet()) {
        strings("request.userInfo.extra." + e.getKey(), e.getValue());
      }
    }
  }

  private static void strings(String path, Object value) throws BadReviewException {
    if (value == null) {
      return;
    }
    if (!(value instanceof List<?> list)) {
      throw wrongType(path, value, "a list of strings");
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String)) {
        throw wrongType(path + "[" + i + "]", list.get(i), "a string");
      }
    }
  }

  private static void optionalString(String path, Object value) throws BadReviewException {
    if (value != null && !(value instanceof String)) {
      throw wrongType(path, value, "a string");
    }
  }

  private static Map<?, ?> object(String path, Object value) throws BadReviewException {
    if (!(value instanceof Map<?, ?> map)) {
      throw wrongType(path, value, "an object");
    }
    return map;
  }

  private static BadReviewException missingOr(String path, Object value, String expected) {
    return value == null
        ? new BadReviewException(path + ": required field is missing")
        : wrongType(path, value, expected);
  }

  private static BadReviewException wrongType(String path, Object value, String expected) {
    return new BadReviewException(path + ": expected " + expected + ", got " + describe(value));
  }

  /** The offending value, short: scalars cut to 64 characters, strings quoted, else the type. */
  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    String text = String.valueOf(value);
    text = text.length() > 64 ? text.substring(0, 64) + "…" : text;
    return value instanceof String ? "\"" + text + "\"" : text;
  }
}
