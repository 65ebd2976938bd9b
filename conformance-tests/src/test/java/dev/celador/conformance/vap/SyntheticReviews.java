package dev.celador.conformance.vap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AdmissionReview a case would produce, built without an API server (no defaults, no server
 * fields): only for checking the corpus offline; the differential run uses captured reviews.
 */
final class SyntheticReviews {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SyntheticReviews() {}

  static String of(Corpus.VapCase c, Corpus corpus) {
    Kinds.Kind kind = c.target();
    String[] gv =
        kind.apiVersion().contains("/")
            ? kind.apiVersion().split("/")
            : new String[] {"", kind.apiVersion()};
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", c.id());
    request.put("kind", Map.of("group", gv[0], "version", gv[1], "kind", kind.kind()));
    request.put("resource", Map.of("group", gv[0], "version", gv[1], "resource", kind.resource()));
    if (c.subresource() != null) {
      request.put("subResource", c.subresource());
    }
    request.put("name", c.name());
    request.put("namespace", c.namespace());
    request.put("operation", c.operation());
    List<String> groups = new ArrayList<>(c.groups());
    groups.add("system:authenticated");
    request.put(
        "userInfo", Map.of("username", c.user() == null ? "admin" : c.user(), "groups", groups));
    Map<String, Object> existing = existing(c, corpus);
    if (!c.operation().equals("DELETE")) {
      request.put("object", c.object());
    }
    if (!c.operation().equals("CREATE")) {
      request.put("oldObject", existing);
    }
    request.put("dryRun", true);
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.put("request", request);
    return JSON.writeValueAsString(review);
  }

  private static Map<String, Object> existing(Corpus.VapCase c, Corpus corpus) {
    for (Map<String, Object> o : corpus.objects()) {
      Map<String, Object> m = Corpus.metadata(o);
      if (o.get("kind").equals(c.target().kind())
          && String.valueOf(m.get("name")).equals(c.name())
          && String.valueOf(m.getOrDefault("namespace", "")).equals(c.namespace())) {
        return o;
      }
    }
    return null;
  }
}
