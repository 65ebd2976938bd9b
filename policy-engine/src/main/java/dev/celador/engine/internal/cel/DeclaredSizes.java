package dev.celador.engine.internal.cel;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The largest size each input of an expression can have, as {@code size()} counts it (characters of
 * a string, entries of a list or map), for the load-time {@link CostEstimator}. Inputs are named by
 * paths as cel-go's estimator names them: a variable, then field names, then {@code @keys},
 * {@code @values} or {@code @items} for what a map or list holds.
 *
 * <p>An input is declared exactly (a path and its bound), or as a tree of untyped values (JSON
 * claims, a raw message) that all fit in a number of bytes: a string below it has at most that many
 * characters, a list or map at most that many bytes over the smallest encoding of an entry.
 *
 * @param exact bound of each exactly declared path, keyed by the path joined with "."
 * @param trees byte bound of each untyped tree, keyed by its root path joined with "."
 * @param minEntryBytes smallest encoding of one list or map entry inside an untyped tree
 */
public record DeclaredSizes(Map<String, Long> exact, Map<String, Long> trees, long minEntryBytes) {

  /**
   * Request line and header fields: the HTTP mode's 64 KiB header limit ({@code
   * NettyHttpServer.Limits}), which also holds nginx's {@code X-Original-*} headers; Envoy's own
   * default for the headers it sends over gRPC is 60 KiB ({@code max_request_headers_kb}).
   */
  public static final long HEADER_BYTES = 64 * 1024;

  /** Smallest header line ({@code a:} and CRLF), so at most 16,384 headers fit in 64 KiB. */
  public static final long MIN_HEADER_LINE = 4;

  /** Body and whole-message bound: {@code celador.max-request-bytes}, 4 MiB by default. */
  public static final long MESSAGE_BYTES = 4L * 1024 * 1024;

  /** A JWT's payload: tokens longer than 16 KiB are refused, and base64url packs 4 into 3. */
  public static final long JWT_PAYLOAD_BYTES = 16L * 1024 * 3 / 4;

  /** A JSON entry is at least {@code "":0,}, a list item at least {@code 0,}. */
  private static final long MIN_JSON_ITEM = 2;

  /** The inputs of HTTP authorization expressions ({@link CelVocabulary}). */
  public static final DeclaredSizes HTTP =
      new DeclaredSizes(httpBounds(), httpTrees(), MIN_JSON_ITEM);

  private static Map<String, Long> httpBounds() {
    Map<String, Long> bounds = new HashMap<>();
    // Request line and header-derived text, and the peers Envoy describes from the connection.
    for (String field :
        List.of("method", "path", "url_path", "query", "host", "scheme", "protocol", "id")) {
      bounds.put("request." + field, HEADER_BYTES);
    }
    for (String peer : List.of("source", "destination")) {
      for (String field : List.of("address", "principal", "namespace", "service_account")) {
        bounds.put(peer + "." + field, HEADER_BYTES);
      }
    }
    bounds.put("connection.requested_server_name", HEADER_BYTES);
    bounds.put("request.headers", HEADER_BYTES / MIN_HEADER_LINE);
    bounds.put("request.headers.@keys", HEADER_BYTES);
    bounds.put("request.headers.@values", HEADER_BYTES);
    bounds.put("request.body", MESSAGE_BYTES);
    bounds.put("context", MESSAGE_BYTES / MIN_JSON_ITEM);
    bounds.put("context.@keys", MESSAGE_BYTES);
    bounds.put("context.@values", MESSAGE_BYTES);
    bounds.put("jwt.issuer", JWT_PAYLOAD_BYTES);
    bounds.put("jwt.subject", JWT_PAYLOAD_BYTES);
    for (String list : List.of("jwt.audiences", "jwt.scopes")) {
      bounds.put(list, JWT_PAYLOAD_BYTES / MIN_JSON_ITEM);
      bounds.put(list + ".@items", JWT_PAYLOAD_BYTES);
    }
    return bounds;
  }

  private static Map<String, Long> httpTrees() {
    return Map.of(
        "jwt.claims", JWT_PAYLOAD_BYTES, "metadata", MESSAGE_BYTES, "object", MESSAGE_BYTES);
  }

  /** Largest admission request kube-apiserver accepts (3 MiB), which bounds every input. */
  public static final long ADMISSION_REQUEST_BYTES = 3L * 1024 * 1024;

  /**
   * The inputs of admission expressions, schemaless as kube-apiserver declares them: every value
   * fits in the request. For information only: like kube-apiserver, Celador does not refuse
   * admission expressions by their estimate (see {@link CostLimit}).
   */
  public static final DeclaredSizes ADMISSION =
      new DeclaredSizes(
          Map.of(),
          Map.of(
              "object", ADMISSION_REQUEST_BYTES,
              "oldObject", ADMISSION_REQUEST_BYTES,
              "params", ADMISSION_REQUEST_BYTES,
              "namespaceObject", ADMISSION_REQUEST_BYTES,
              "request", ADMISSION_REQUEST_BYTES,
              "variables", ADMISSION_REQUEST_BYTES),
          MIN_JSON_ITEM);

  public DeclaredSizes {
    exact = Map.copyOf(exact);
    trees = Map.copyOf(trees);
  }

  /** The declared bound of the input at {@code path}, of type {@code type}, if there is one. */
  public OptionalLong max(List<String> path, CelType type) {
    if (path == null || path.isEmpty()) {
      return OptionalLong.empty();
    }
    Long bound = exact.get(String.join(".", path));
    if (bound != null) {
      return OptionalLong.of(bound);
    }
    for (int i = path.size(); i > 0; i--) {
      Long bytes = trees.get(String.join(".", path.subList(0, i)));
      if (bytes != null) {
        return byKind(bytes, type);
      }
    }
    return OptionalLong.empty();
  }

  private OptionalLong byKind(long bytes, CelType type) {
    CelKind kind = type.kind();
    if (kind == CelKind.OPAQUE
        && type.name().equals("optional_type")
        && !type.parameters().isEmpty()) {
      return byKind(bytes, type.parameters().get(0));
    }
    return switch (kind) {
      case STRING, BYTES, DYN, ANY -> OptionalLong.of(bytes);
      case LIST, MAP -> OptionalLong.of(bytes / minEntryBytes);
      default -> OptionalLong.empty();
    };
  }
}
