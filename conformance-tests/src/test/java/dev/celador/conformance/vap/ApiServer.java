package dev.celador.conformance.vap;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw REST calls to kube-apiserver over the cluster-admin client's HTTP stack (its TLS and client
 * certificate): generic objects as maps, dry-run submissions with impersonation, and the response
 * code, Status message and {@code Warning} headers a typed client would hide.
 */
final class ApiServer {

  /** Added to every impersonated case's groups; bound to cluster-admin for the run. */
  static final String CORPUS_GROUP = "celador:corpus";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, Object> DRY_RUN_DELETE =
      Map.of("apiVersion", "v1", "kind", "DeleteOptions", "dryRun", List.of("All"));

  private final HttpClient http;
  private final String base;

  ApiServer(KubernetesClient admin) {
    this.http = admin.getHttpClient();
    String url = admin.getMasterUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** A response: HTTP code, parsed JSON body and warning texts. */
  record Response(int code, Map<String, Object> body, List<String> warnings) {
    String message() {
      return String.valueOf(body.get("message"));
    }
  }

  /** Creates {@code object}, replacing an existing one of the same name (a reused cluster). */
  void apply(Map<String, Object> object) {
    Kinds.Kind kind = Kinds.of(object, "object");
    Map<String, Object> metadata = Corpus.metadata(object);
    String collection = kind.collection(String.valueOf(metadata.get("namespace")));
    Response created = send("POST", collection, object, null, List.of());
    if (created.code() == 409) {
      String item = collection + "/" + metadata.get("name");
      Response existing = send("GET", item, null, null, List.of());
      Map<String, Object> replacement = Maps.copy(object, "object");
      Corpus.metadata(replacement)
          .put("resourceVersion", Corpus.metadata(existing.body()).get("resourceVersion"));
      created = send("PUT", item, replacement, null, List.of());
    }
    if (created.code() >= 300) {
      throw new IllegalStateException(
          "cannot create " + kind.kind() + " " + metadata.get("name") + ": " + created.message());
    }
  }

  void delete(Map<String, Object> object) {
    Kinds.Kind kind = Kinds.of(object, "object");
    Map<String, Object> metadata = Corpus.metadata(object);
    send(
        "DELETE",
        kind.collection(String.valueOf(metadata.get("namespace"))) + "/" + metadata.get("name"),
        null,
        null,
        List.of());
  }

  /** The items of a list call, with the apiVersion and kind a list leaves off its items. */
  List<Map<String, Object>> list(String path, String apiVersion, String kind) {
    Response response = send("GET", path, null, null, List.of());
    if (response.code() != 200) {
      throw new IllegalStateException("GET " + path + ": " + response.message());
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (Object o : Maps.list(response.body().get("items"), path)) {
      Map<String, Object> item = Maps.cast(o);
      item.put("apiVersion", apiVersion);
      item.put("kind", kind);
      items.add(item);
    }
    return items;
  }

  /** Submits {@code c} with {@code dryRun=All}, as its user. */
  Response submit(Corpus.VapCase c) {
    String item = c.target().collection(c.namespace()) + "/" + c.name();
    if (c.subresource() != null) {
      item += "/" + c.subresource();
    }
    List<String> groups = new ArrayList<>(c.groups());
    if (c.user() != null) {
      groups.add(CORPUS_GROUP);
    }
    return switch (c.operation()) {
      case "CREATE" ->
          send(
              "POST",
              c.target().collection(c.namespace()) + "?dryRun=All",
              c.object(),
              c.user(),
              groups);
      // A merge patch: only the fields the case sets change, so no server-set field of the
      // existing object (defaults, injected volumes) makes the update invalid before admission.
      case "UPDATE" -> send("PATCH", item + "?dryRun=All", c.object(), c.user(), groups);
      // With a body the API server reads DeleteOptions from it alone, ignoring the query.
      case "DELETE" -> send("DELETE", item + "?dryRun=All", DRY_RUN_DELETE, c.user(), groups);
      default -> throw new IllegalArgumentException(c.operation());
    };
  }

  Response send(
      String method, String path, Map<String, Object> body, String user, List<String> groups) {
    HttpRequest.Builder request = http.newHttpRequestBuilder().uri(base + path);
    String json = body == null ? null : JSON.writeValueAsString(body);
    if (json != null) {
      request.method(
          method,
          method.equals("PATCH") ? "application/merge-patch+json" : "application/json",
          json);
    } else if (method.equals("DELETE")) {
      request.method(method, "application/json", "{}");
    }
    if (user != null) {
      request.header("Impersonate-User", user);
      groups.forEach(g -> request.header("Impersonate-Group", g));
    }
    try {
      HttpResponse<String> response =
          http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
      String text = response.body();
      // Not every answer is JSON: an unserved path gets "404 page not found" as plain text.
      Map<String, Object> parsed =
          text == null || text.isBlank()
              ? Map.of()
              : text.strip().startsWith("{")
                  ? Maps.cast(JSON.readValue(text, Map.class))
                  : Map.of("message", text.strip());
      return new Response(response.code(), parsed, warnings(response.headers("Warning")));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The texts of {@code 299 - "text"} warning headers (Go-quoted). */
  static List<String> warnings(List<String> headers) {
    List<String> texts = new ArrayList<>();
    for (String header : headers == null ? List.<String>of() : headers) {
      // Go writes the text as UTF-8; the JDK hands header bytes over as ISO-8859-1 chars.
      header = new String(header.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      int quote = header.indexOf('"');
      texts.add(quote < 0 ? header : GoQuoted.unquote(header.substring(quote)));
    }
    return texts;
  }
}
