package dev.celador.extauthz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import dev.celador.engine.api.Decision;
import dev.celador.extauthz.Verdict;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckResponseMapperTest {

  private final CheckResponseMapper mapper = new CheckResponseMapper();

  static Decision allow(Map<String, String> headers, List<String> remove) {
    return new Decision(
        true,
        200,
        "orders-rbac",
        "frontend-reads",
        List.of("allowed"),
        headers,
        remove,
        Map.of(),
        false,
        List.of(),
        List.of());
  }

  static Decision deny(int status, Map<String, String> responseHeaders) {
    return new Decision(
        false,
        status,
        "no-deletes",
        "delete-needs-admin",
        List.of("deletes are reserved"),
        Map.of(),
        List.of(),
        responseHeaders,
        false,
        List.of(),
        List.of());
  }

  @Test
  void toResponse_allow_okStatusWithOverwritingHeaders() {
    CheckResponse r =
        mapper.toResponse(allow(Map.of("x-celador-caller", "spiffe://a"), List.of("x-user")));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(r.hasOkResponse()).isTrue();
    HeaderValueOption h = r.getOkResponse().getHeaders(0);
    assertThat(h.getHeader().getKey()).isEqualTo("x-celador-caller");
    assertThat(h.getHeader().getValue()).isEqualTo("spiffe://a");
    assertThat(h.getAppendAction()).isEqualTo(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
    assertThat(h.hasAppend()).isTrue();
    assertThat(h.getAppend().getValue()).isFalse();
  }

  @Test
  void toResponse_allow_identityHeadersNotSetAreRemoved() {
    CheckResponse r = mapper.toResponse(allow(Map.of(), List.of("x-celador-caller")));

    assertThat(r.getOkResponse().getHeadersToRemoveList()).containsExactly("x-celador-caller");
    assertThat(r.getOkResponse().getHeadersCount()).isZero();
  }

  @Test
  void toResponse_allowWithResponseHeaders_addsThemDownstream() {
    Decision d =
        new Decision(
            true,
            200,
            "p",
            "r",
            List.of(),
            Map.of(),
            List.of(),
            Map.of("ratelimit-remaining", "4"),
            false,
            List.of(),
            List.of());

    CheckResponse r = mapper.toResponse(d);

    assertThat(r.getOkResponse().getResponseHeadersToAdd(0).getHeader().getKey())
        .isEqualTo("ratelimit-remaining");
    assertThat(r.getOkResponse().getResponseHeadersToAdd(0).getAppendAction())
        .isEqualTo(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
  }

  @Test
  void toResponse_deny403_permissionDeniedWithJsonBody() {
    CheckResponse r = mapper.toResponse(deny(403, Map.of()));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(r.getDeniedResponse().getBody())
        .isEqualTo("{\"status\":403,\"reason\":\"deletes are reserved\"}");
    assertThat(r.getDeniedResponse().getHeaders(0).getHeader().getKey()).isEqualTo("content-type");
  }

  @Test
  void toResponse_deny401_unauthenticatedWithWwwAuthenticate() {
    CheckResponse r = mapper.toResponse(deny(401, Map.of("www-authenticate", "Bearer")));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(401);
    assertThat(r.getDeniedResponse().getHeadersList())
        .anySatisfy(
            h -> {
              assertThat(h.getHeader().getKey()).isEqualTo("www-authenticate");
              assertThat(h.getHeader().getValue()).isEqualTo("Bearer");
            });
  }

  @Test
  void toResponse_deny429_resourceExhausted() {
    CheckResponse r = mapper.toResponse(deny(429, Map.of("retry-after", "1")));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(429);
  }

  @Test
  void toResponse_statusEnvoyDoesNotKnow_sends403() {
    CheckResponse r = mapper.toResponse(deny(499, Map.of()));

    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
  }

  @Test
  void toResponse_any_dynamicMetadataNamesPolicyRuleAndDecision() {
    var allow = mapper.toResponse(allow(Map.of(), List.of())).getDynamicMetadata();
    var deny = mapper.toResponse(deny(403, Map.of())).getDynamicMetadata();

    assertThat(allow.getFieldsOrThrow("policy").getStringValue()).isEqualTo("orders-rbac");
    assertThat(allow.getFieldsOrThrow("rule").getStringValue()).isEqualTo("frontend-reads");
    assertThat(allow.getFieldsOrThrow("decision").getStringValue()).isEqualTo("allow");
    assertThat(deny.getFieldsOrThrow("decision").getStringValue()).isEqualTo("deny");
  }

  @Test
  void toError_failures_mapToGrpcErrors() {
    assertThat(mapper.toError(Verdict.failed(Verdict.Failure.BAD_REQUEST, "x")).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(mapper.toError(Verdict.failed(Verdict.Failure.NOT_READY, "x")).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(mapper.toError(Verdict.failed(Verdict.Failure.INTERNAL, "x")).getCode())
        .isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void toError_evaluationErrorUnderFail_isInternalNotADenial() {
    Decision d =
        new Decision(
            false,
            403,
            "p",
            "r",
            List.of("evaluation error in p rule r"),
            Map.of(),
            List.of(),
            Map.of(),
            true,
            List.of(),
            List.of());

    Verdict v = Verdict.of(d);

    assertThat(v.failed()).isTrue();
    assertThat(mapper.toError(v).getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(mapper.toError(v).getDescription()).contains("evaluation error");
  }

  @Test
  void toErrorResponse_isNonOkWithErrorResponseOnTheWire() throws Exception {
    Verdict v = Verdict.failed(Verdict.Failure.EVALUATION_ERROR, "evaluation error in p rule r");

    // What Envoy receives: parse the bytes back, as a peer with the same (older) protos would.
    CheckResponse r = CheckResponse.parseFrom(mapper.toErrorResponse(v).toByteArray());

    assertThat(mapper.answersWithErrorResponse(v)).isTrue();
    assertThat(r.getStatus().getCode()).isEqualTo(com.google.rpc.Code.INTERNAL_VALUE);
    assertThat(r.getStatus().getMessage()).isEqualTo("evaluation error in p rule r");
    assertThat(r.hasDeniedResponse()).isFalse();
    assertThat(r.hasOkResponse()).isFalse();
    var field = r.getUnknownFields().getField(CheckResponseMapper.ERROR_RESPONSE_FIELD);
    assertThat(field.getLengthDelimitedList()).hasSize(1);
    DeniedHttpResponse error = DeniedHttpResponse.parseFrom(field.getLengthDelimitedList().get(0));
    assertThat(error.hasStatus()).as("status_on_error decides").isFalse();
    assertThat(error.getBody()).isEqualTo("{\"error\":\"evaluation_error\"}");
  }

  @Test
  void answersWithErrorResponse_onlyForEvaluationAndInternalErrors() {
    assertThat(mapper.answersWithErrorResponse(Verdict.failed(Verdict.Failure.INTERNAL, "x")))
        .isTrue();
    assertThat(mapper.answersWithErrorResponse(Verdict.failed(Verdict.Failure.BAD_REQUEST, "x")))
        .isFalse();
    assertThat(mapper.answersWithErrorResponse(Verdict.failed(Verdict.Failure.NOT_READY, "x")))
        .isFalse();
  }
}
