package dev.celador.extauthz.grpc;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import dev.celador.engine.api.Decision;
import dev.celador.extauthz.DenyBody;
import dev.celador.extauthz.Verdict;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Verdict} → Envoy's {@code CheckResponse}, or the gRPC error Envoy must see instead.
 *
 * <ul>
 *   <li>Allow: status OK and an {@code OkHttpResponse}. Every header is set with {@code
 *       append_action = OVERWRITE_IF_EXISTS_OR_ADD} and {@code append = false} (older Envoys read
 *       only the latter), so a client-sent copy is replaced, never appended to; identity headers
 *       the decision did not set go to {@code headers_to_remove}.
 *   <li>Deny: PERMISSION_DENIED (UNAUTHENTICATED for 401, RESOURCE_EXHAUSTED for 429) and a {@code
 *       DeniedHttpResponse} with the HTTP status, the decision's headers and a small JSON body.
 *   <li>Both carry {@code dynamic_metadata} {policy, rule, decision} for access logs and later
 *       filters (Envoy files it under {@code envoy.filters.http.ext_authz}).
 *   <li>Evaluation errors under failurePolicy Fail and internal errors: a non-OK status with {@code
 *       error_response}, which Envoy (since the Dec 2025 API) treats as an error, not a denial:
 *       {@code failure_mode_allow} and {@code status_on_error} apply. The served Envoy API jar
 *       (1.0.49) predates the field, so it is written as what it is on the wire: field 5 of {@code
 *       CheckResponse}, a {@code DeniedHttpResponse}. An older Envoy ignores the field and sees a
 *       denial (403): still closed.
 *   <li>No policies yet and unreadable requests stay gRPC errors (UNAVAILABLE, INVALID_ARGUMENT).
 * </ul>
 */
public final class CheckResponseMapper {

  public static final String ALLOW = "allow";
  public static final String DENY = "deny";

  private final ResponseCache cache = new ResponseCache();

  /** The response for a decided request; call only when {@code !verdict.failed()}. */
  public CheckResponse toResponse(Decision decision) {
    return cache.get(decision, this::build);
  }

  /** The recent responses, which the Check method sends without encoding them again. */
  ResponseCache cache() {
    return cache;
  }

  private CheckResponse build(Decision decision) {
    CheckResponse.Builder response =
        CheckResponse.newBuilder().setDynamicMetadata(metadata(decision));
    if (decision.allowed()) {
      OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
      decision.headers().forEach((name, value) -> ok.addHeaders(overwrite(name, value)));
      ok.addAllHeadersToRemove(decision.headersToRemove());
      decision.responseHeaders().forEach((n, v) -> ok.addResponseHeadersToAdd(overwrite(n, v)));
      return response
          .setStatus(com.google.rpc.Status.newBuilder().setCode(Code.OK_VALUE))
          .setOkResponse(ok)
          .build();
    }
    DeniedHttpResponse.Builder denied =
        DeniedHttpResponse.newBuilder()
            .setStatus(HttpStatus.newBuilder().setCodeValue(httpStatus(decision)))
            .setBody(DenyBody.of(decision))
            .addHeaders(overwrite("content-type", DenyBody.CONTENT_TYPE));
    for (Map.Entry<String, String> h : decision.responseHeaders().entrySet()) {
      denied.addHeaders(overwrite(h.getKey(), h.getValue()));
    }
    String reason = decision.reasons().isEmpty() ? "denied" : decision.reasons().get(0);
    return response
        .setStatus(
            com.google.rpc.Status.newBuilder()
                .setCode(grpcCode(decision.status()).value())
                .setMessage(reason))
        .setDeniedResponse(denied)
        .build();
  }

  /** {@code CheckResponse.error_response}'s field number (envoy/service/auth/v3). */
  static final int ERROR_RESPONSE_FIELD = 5;

  /**
   * True when a failed verdict is answered with {@code error_response} rather than a gRPC error.
   */
  public boolean answersWithErrorResponse(Verdict verdict) {
    return verdict.failure() == Verdict.Failure.EVALUATION_ERROR
        || verdict.failure() == Verdict.Failure.INTERNAL;
  }

  /**
   * The {@code error_response} answer for an evaluation or internal error. Its HTTP status is left
   * unset so Envoy's {@code status_on_error} decides; the body names the failure kind, never the
   * detail (which may quote request data), and the detail goes to the gRPC status message.
   */
  public CheckResponse toErrorResponse(Verdict verdict) {
    DeniedHttpResponse error =
        DeniedHttpResponse.newBuilder()
            .setBody(DenyBody.error(verdict.failure().name().toLowerCase(java.util.Locale.ROOT)))
            .addHeaders(overwrite("content-type", DenyBody.CONTENT_TYPE))
            .build();
    return CheckResponse.newBuilder()
        .setStatus(
            com.google.rpc.Status.newBuilder()
                .setCode(Code.INTERNAL_VALUE)
                .setMessage(verdict.detail()))
        .setUnknownFields(
            UnknownFieldSet.newBuilder()
                .addField(
                    ERROR_RESPONSE_FIELD,
                    UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(error.toByteString())
                        .build())
                .build())
        .build();
  }

  /** The gRPC error for a failed verdict. */
  public Status toError(Verdict verdict) {
    Status status =
        switch (verdict.failure()) {
          case BAD_REQUEST -> Status.INVALID_ARGUMENT;
          case NOT_READY -> Status.UNAVAILABLE;
          case EVALUATION_ERROR, INTERNAL -> Status.INTERNAL;
        };
    return status.withDescription(verdict.detail());
  }

  /** The gRPC code Envoy conventions pair with an HTTP denial status. */
  static Status.Code grpcCode(int httpStatus) {
    return switch (httpStatus) {
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 429 -> Status.Code.RESOURCE_EXHAUSTED;
      default -> Status.Code.PERMISSION_DENIED;
    };
  }

  /** The decision's status if Envoy's HttpStatus enum has it, else 403 (fail closed). */
  private static int httpStatus(Decision decision) {
    return StatusCode.forNumber(decision.status()) != null ? decision.status() : 403;
  }

  static HeaderValueOption overwrite(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .setAppend(BoolValue.of(false))
        .setAppendAction(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }

  /**
   * The metadata Struct of a (policy, rule, outcome), built once: there are as many as rules, and
   * building three protobuf Values per request showed in profiles. Cleared if reloads pile up stale
   * entries.
   */
  private final Map<MetadataKey, Struct> metadata = new ConcurrentHashMap<>();

  private record MetadataKey(String policy, String rule, boolean allowed) {}

  private Struct metadata(Decision decision) {
    MetadataKey key = new MetadataKey(decision.policy(), decision.rule(), decision.allowed());
    Struct cached = metadata.get(key);
    if (cached == null) {
      if (metadata.size() >= 10_000) {
        metadata.clear();
      }
      cached = buildMetadata(decision);
      metadata.put(key, cached);
    }
    return cached;
  }

  private static Struct buildMetadata(Decision decision) {
    return Struct.newBuilder()
        .putFields("policy", Value.newBuilder().setStringValue(decision.policy()).build())
        .putFields("rule", Value.newBuilder().setStringValue(decision.rule()).build())
        .putFields(
            "decision",
            Value.newBuilder().setStringValue(decision.allowed() ? ALLOW : DENY).build())
        .build();
  }
}
