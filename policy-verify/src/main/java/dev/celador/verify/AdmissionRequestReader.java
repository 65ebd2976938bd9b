package dev.celador.verify;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.ObjectRequests;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the AdmissionReview request of an admission case, from its friendly fields or from a raw
 * AdmissionReview. Without {@code operation}, an object alone is a CREATE, object and oldObject an
 * UPDATE, an oldObject alone a DELETE. {@code kind} comes from the object's apiVersion and kind,
 * {@code resource} from the kind's plural (override either for irregular plurals), {@code name} and
 * the namespace from the object's metadata.
 */
final class AdmissionRequestReader {

  static final List<String> FIELDS =
      List.of(
          "operation",
          "object",
          "oldObject",
          "userInfo",
          "kind",
          "resource",
          "subResource",
          "name",
          "dryRun",
          "options");
  static final List<String> OPERATIONS = List.of("CREATE", "UPDATE", "DELETE", "CONNECT");
  static final String REVIEW_API_VERSION = "admission.k8s.io/v1";

  private final InlineOrFixture values;

  AdmissionRequestReader(InlineOrFixture values) {
    this.values = values;
  }

  /** The request written as fields of {@code admission}, in {@code namespace} ("" if none). */
  AdmissionRequest fromFields(FieldReader admission, String namespace) {
    Object object = plain(admission, "object");
    Object oldObject = plain(admission, "oldObject");
    String operation = operation(admission, object != null, oldObject != null);
    Object subject = object != null ? object : oldObject;
    Map<String, Object> metadata = AdmissionMaps.map(AdmissionMaps.map(subject).get("metadata"));
    String objectNamespace = AdmissionMaps.string(metadata.get("namespace"));
    if (!namespace.isEmpty() && !objectNamespace.isEmpty() && !namespace.equals(objectNamespace)) {
      throw admission.error(
          admission.node().position(),
          "the object's metadata.namespace '"
              + objectNamespace
              + "' differs from the case's namespace '"
              + namespace
              + "'");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", "");
    Map<String, Object> kind = kind(admission, subject);
    request.put("kind", kind);
    request.put("resource", resource(admission, kind));
    request.put("subResource", admission.string("subResource"));
    request.put(
        "name",
        admission.has("name")
            ? admission.string("name")
            : AdmissionMaps.string(metadata.get("name")));
    request.put("namespace", namespace.isEmpty() ? objectNamespace : namespace);
    request.put("operation", operation);
    request.put("userInfo", userInfo(admission));
    String requestNamespace = namespace.isEmpty() ? objectNamespace : namespace;
    request.put("object", ObjectRequests.withNamespace(object, requestNamespace));
    request.put("oldObject", ObjectRequests.withNamespace(oldObject, requestNamespace));
    request.put("dryRun", admission.bool("dryRun").orElse(false));
    request.put("options", plain(admission, "options"));
    return AdmissionRequest.fromMap(request);
  }

  /** The {@code request} of a raw AdmissionReview, inline or a fixture. */
  AdmissionRequest fromReview(FieldReader admission) {
    InlineOrFixture.Value review = values.object(admission, "review");
    FieldReader fields = FieldReader.of(review.file(), "review", review.tree());
    String apiVersion = fields.string("apiVersion");
    if (!apiVersion.isEmpty() && !apiVersion.equals(REVIEW_API_VERSION)) {
      throw fields.error(
          fields.field("apiVersion").orElseThrow().position(),
          "an AdmissionReview must be " + REVIEW_API_VERSION + ", found '" + apiVersion + "'");
    }
    InputNode request =
        fields
            .object("request")
            .orElseThrow(
                () ->
                    fields.error(
                        review.tree().position(), "an AdmissionReview needs a 'request' object"))
            .node();
    return AdmissionRequest.fromMap(AdmissionMaps.map(request.toPlain()));
  }

  private Object plain(FieldReader admission, String field) {
    return admission.has(field) ? values.object(admission, field).tree().toPlain() : null;
  }

  private static String operation(FieldReader admission, boolean object, boolean oldObject) {
    if (!admission.has("operation")) {
      if (!object && !oldObject) {
        throw admission.error(
            admission.node().position(),
            "'" + admission.path() + "' needs an object, an oldObject, or a review");
      }
      return object ? (oldObject ? "UPDATE" : "CREATE") : "DELETE";
    }
    String operation = admission.string("operation").toUpperCase(Locale.ROOT);
    InputNode.Position at = admission.field("operation").orElseThrow().position();
    if (!OPERATIONS.contains(operation)) {
      throw admission.error(
          at,
          "'"
              + admission.qualified("operation")
              + "' must be one of "
              + String.join(", ", OPERATIONS)
              + ", found '"
              + admission.string("operation")
              + "'");
    }
    String needs =
        switch (operation) {
          case "CREATE" -> object && !oldObject ? "" : "an object and no oldObject";
          case "UPDATE" -> object && oldObject ? "" : "an object and an oldObject";
          case "DELETE" -> !object && oldObject ? "" : "an oldObject and no object";
          default -> "";
        };
    if (!needs.isEmpty()) {
      throw admission.error(at, operation + " needs " + needs);
    }
    return operation;
  }

  private static Map<String, Object> kind(FieldReader admission, Object subject) {
    if (admission.has("kind")) {
      FieldReader kind = admission.object("kind").orElseThrow();
      kind.rejectUnknown(List.of("group", "version", "kind"));
      return Map.of(
          "group", kind.string("group"),
          "version", kind.string("version"),
          "kind", kind.string("kind"));
    }
    Map<String, Object> object = AdmissionMaps.map(subject);
    String apiVersion = AdmissionMaps.string(object.get("apiVersion"));
    String kind = AdmissionMaps.string(object.get("kind"));
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      throw admission.error(
          admission.node().position(),
          "'"
              + admission.path()
              + "' needs the object's apiVersion and kind, or 'kind: {group, version, kind}'");
    }
    int slash = apiVersion.indexOf('/');
    return Map.of(
        "group",
        slash < 0 ? "" : apiVersion.substring(0, slash),
        "version",
        apiVersion.substring(slash + 1),
        "kind",
        kind);
  }

  /** {@code resource: pods}, {@code resource: {group, version, resource}}, or the kind's plural. */
  private static Map<String, Object> resource(FieldReader admission, Map<String, Object> kind) {
    String group = (String) kind.get("group");
    String version = (String) kind.get("version");
    Object resource = ObjectRequests.plural((String) kind.get("kind"));
    if (admission.has("resource")) {
      InputNode value = admission.field("resource").orElseThrow();
      if (value.isScalar()) {
        resource = admission.string("resource");
      } else {
        FieldReader gvr = admission.object("resource").orElseThrow();
        gvr.rejectUnknown(List.of("group", "version", "resource"));
        group = gvr.has("group") ? gvr.string("group") : group;
        version = gvr.has("version") ? gvr.string("version") : version;
        resource = gvr.has("resource") ? gvr.string("resource") : resource;
      }
    }
    return Map.of("group", group, "version", version, "resource", resource);
  }

  private static Map<String, Object> userInfo(FieldReader admission) {
    Map<String, Object> user = new LinkedHashMap<>();
    admission
        .object("userInfo")
        .ifPresent(
            info -> {
              info.rejectUnknown(List.of("username", "uid", "groups", "extra"));
              user.put("username", info.string("username"));
              user.put("uid", info.string("uid"));
              user.put("groups", ExpectationReader.names(info, "groups"));
              Map<String, Object> extra = new LinkedHashMap<>();
              info.object("extra")
                  .ifPresent(
                      e ->
                          e.node()
                              .members()
                              .keySet()
                              .forEach(key -> extra.put(key, ExpectationReader.names(e, key))));
              user.put("extra", extra);
            });
    return user;
  }
}
