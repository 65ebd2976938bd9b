package dev.celador.verify;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.cel.k8s.AuthzDecision;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a case's {@code admission} block: the request (see {@link AdmissionRequestReader}) and the
 * cluster around it.
 *
 * <pre>
 * admission:
 *   object: deployment-without-labels        # inline or a fixture; oldObject likewise
 *   operation: CREATE                        # default: from object / oldObject
 *   userInfo: {username: alice, groups: [dev]}
 *   namespace: {name: shop, labels: {environment: production}}   # or namespace: shop; either
 *                                            # gets the kubernetes.io/metadata.name label
 *   # namespaceObject: shop-namespace        # instead: a whole Namespace, inline or a fixture
 *   params: [allowed-registries]             # param objects, inline or fixtures (one or a list)
 *   authorizer:                              # declared answers; anything else has no opinion
 *     - {user: alice, verb: create, resource: pods, decision: allow}
 *   # review: create-pod.json                # instead of the request fields: a raw AdmissionReview
 * </pre>
 */
final class AdmissionInputReader {

  /** The request and its context. */
  record Input(AdmissionRequest request, AdmissionContext context) {}

  /** The label the API server puts on every namespace, holding its name. */
  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  static final String REVIEW = "review";
  static final List<String> CONTEXT_FIELDS =
      List.of("namespace", "namespaceObject", "params", "authorizer");
  static final List<String> AUTHORIZER_FIELDS =
      List.of(
          "user",
          "verb",
          "group",
          "resource",
          "subresource",
          "namespace",
          "name",
          "path",
          "decision",
          "reason");

  private final InlineOrFixture values;
  private final AdmissionRequestReader requests;

  AdmissionInputReader(InlineOrFixture values) {
    this.values = values;
    this.requests = new AdmissionRequestReader(values);
  }

  Input read(FieldReader admission) {
    admission.rejectUnknown(
        Stream.of(AdmissionRequestReader.FIELDS, CONTEXT_FIELDS, List.of(REVIEW))
            .flatMap(List::stream)
            .toList());
    Optional<Map<String, Object>> namespace = namespace(admission);
    String namespaceName = namespace.map(AdmissionMaps::name).orElse("");
    AdmissionRequest request;
    if (admission.has("review")) {
      Optional<String> extra =
          AdmissionRequestReader.FIELDS.stream().filter(admission::has).findFirst();
      if (extra.isPresent()) {
        throw admission.error(
            admission.field(extra.get()).orElseThrow().position(),
            "'"
                + admission.qualified(extra.get())
                + "' cannot be given with 'review': the AdmissionReview holds the request");
      }
      request = requests.fromReview(admission);
      if (namespace.isPresent() && !namespaceName.equals(request.namespace())) {
        throw admission.error(
            admission.node().position(),
            "the namespace '"
                + namespaceName
                + "' differs from the review's request.namespace '"
                + request.namespace()
                + "'");
      }
    } else {
      request = requests.fromFields(admission, namespaceName);
    }
    Map<String, Map<String, Object>> namespaces = new LinkedHashMap<>();
    namespace.ifPresent(ns -> namespaces.put(namespaceName, ns));
    return new Input(
        request, new AdmissionContext(params(admission), namespaces, authorizer(admission)));
  }

  /** {@code namespace: name}, {@code namespace: {name, labels, annotations}} or namespaceObject. */
  private Optional<Map<String, Object>> namespace(FieldReader admission) {
    if (admission.has("namespace") && admission.has("namespaceObject")) {
      throw admission.error(
          admission.field("namespaceObject").orElseThrow().position(),
          "give either '"
              + admission.qualified("namespace")
              + "' or '"
              + admission.qualified("namespaceObject")
              + "', not both");
    }
    if (admission.has("namespaceObject")) {
      InlineOrFixture.Value value = values.object(admission, "namespaceObject");
      Object namespace = value.tree().toPlain();
      if (AdmissionMaps.name(namespace).isEmpty()) {
        throw admission.error(
            admission.field("namespaceObject").orElseThrow().position(),
            "'" + admission.qualified("namespaceObject") + "' needs metadata.name");
      }
      return Optional.of(AdmissionMaps.map(namespace));
    }
    if (!admission.has("namespace")) {
      return Optional.empty();
    }
    InputNode node = admission.field("namespace").orElseThrow();
    Map<String, Object> metadata = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    if (node.isScalar()) {
      metadata.put("name", admission.string("namespace"));
    } else {
      FieldReader fields = admission.object("namespace").orElseThrow();
      fields.rejectUnknown(List.of("name", "labels", "annotations"));
      metadata.put("name", fields.string("name"));
      labels.putAll(fields.stringMap("labels"));
      metadata.put("annotations", fields.stringMap("annotations"));
    }
    String name = (String) metadata.get("name");
    if (name.isBlank()) {
      throw admission.error(
          node.position(), "'" + admission.qualified("namespace") + "' needs a name");
    }
    // Every namespace carries its name as a label (Kubernetes 1.21+); selectors rely on it.
    labels.putIfAbsent(NAME_LABEL, name);
    metadata.put("labels", labels);
    return Optional.of(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", metadata));
  }

  /** Param objects: each entry inline or a fixture holding one object or a list of them. */
  private List<Map<String, Object>> params(FieldReader admission) {
    Optional<InputNode> given = admission.field("params");
    if (given.isEmpty()) {
      return List.of();
    }
    List<InputNode> entries =
        given.get().kind() == InputNode.Kind.ARRAY ? given.get().items() : List.of(given.get());
    List<Map<String, Object>> params = new ArrayList<>();
    for (InputNode entry : entries) {
      InlineOrFixture.Value value = values.resolve(entry);
      List<InputNode> objects =
          value.tree().kind() == InputNode.Kind.ARRAY
              ? value.tree().items()
              : List.of(value.tree());
      for (InputNode object : objects) {
        Map<String, Object> param = AdmissionMaps.map(object.toPlain());
        if (!object.isObject()
            || AdmissionMaps.string(param.get("apiVersion")).isEmpty()
            || AdmissionMaps.string(param.get("kind")).isEmpty()
            || AdmissionMaps.name(param).isEmpty()) {
          throw admission.error(
              entry.position(),
              "'"
                  + admission.qualified("params")
                  + "' entries must be objects with apiVersion, kind and metadata.name"
                  + (value.file().equals(admission.file()) ? "" : " (in " + value.file() + ")"));
        }
        params.add(param);
      }
    }
    return params;
  }

  private static DeclaredAuthorizer authorizer(FieldReader admission) {
    Optional<InputNode> given = admission.field("authorizer");
    if (given.isEmpty()) {
      return DeclaredAuthorizer.none();
    }
    if (given.get().kind() != InputNode.Kind.ARRAY) {
      throw admission.error(
          given.get().position(),
          "'" + admission.qualified("authorizer") + "' must be a list of declared answers");
    }
    List<DeclaredAuthorizer.Rule> rules = new ArrayList<>();
    List<InputNode> items = given.get().items();
    for (int i = 0; i < items.size(); i++) {
      FieldReader rule =
          FieldReader.of(
              admission.file(), admission.qualified("authorizer") + "[" + i + "]", items.get(i));
      rule.rejectUnknown(AUTHORIZER_FIELDS);
      rules.add(
          new DeclaredAuthorizer.Rule(
              optional(rule, "user"),
              optional(rule, "verb"),
              optional(rule, "group"),
              optional(rule, "resource"),
              optional(rule, "subresource"),
              optional(rule, "namespace"),
              optional(rule, "name"),
              optional(rule, "path"),
              verdict(rule),
              rule.string("reason")));
    }
    return new DeclaredAuthorizer(rules);
  }

  private static String optional(FieldReader rule, String field) {
    return rule.has(field) ? rule.string(field) : null;
  }

  /** {@code allow}, {@code deny} or {@code noOpinion}, in any case. */
  private static AuthzDecision.Verdict verdict(FieldReader rule) {
    String text = rule.string("decision");
    String normalized = text.replace("_", "").toLowerCase(Locale.ROOT);
    return switch (normalized) {
      case "allow" -> AuthzDecision.Verdict.ALLOW;
      case "deny" -> AuthzDecision.Verdict.DENY;
      case "noopinion" -> AuthzDecision.Verdict.NO_OPINION;
      default ->
          throw rule.error(
              rule.field("decision").map(InputNode::position).orElse(rule.node().position()),
              "'"
                  + rule.qualified("decision")
                  + "' must be allow, deny or noOpinion"
                  + (text.isEmpty() ? "" : ", found '" + text + "'"));
    };
  }
}
