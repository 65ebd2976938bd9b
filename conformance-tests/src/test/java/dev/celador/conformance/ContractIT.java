package dev.celador.conformance;

import static dev.celador.conformance.Checks.deniedHeader;
import static dev.celador.conformance.Checks.metadata;
import static dev.celador.conformance.Checks.okHeader;
import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Envoy's ext_authz v3 contract, case by case, against the packaged server. */
class ContractIT {

  @TempDir static Path work;
  static CeladorProcess celador;
  static ManagedChannel channel;
  static AuthorizationGrpc.AuthorizationBlockingStub authz;
  static Path socket;

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.copy(
        Path.of("src/test/resources/contract/policies.yaml"), policies.resolve("policies.yaml"));
    socket = work.resolve("celador.sock");
    celador =
        CeladorProcess.startReady(
            policies,
            work,
            "celador.grpc.socket=" + socket,
            "celador.warmup.duration=500ms",
            "celador.decision-log.allow-sample-rate=1.0");
    channel = NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
    authz = AuthorizationGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (celador != null) {
      celador.close();
    }
  }

  static CheckResponse check(Checks c) {
    return authz.withDeadlineAfter(5, TimeUnit.SECONDS).check(c.build());
  }

  // --- allow ---

  @Test
  void check_allowedGet_okWithUpstreamHeaders() {
    CheckResponse r = check(request("GET", "allow.test", "/items"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(okHeader(r, "x-celador-method").orElseThrow().getHeader().getValue())
        .isEqualTo("GET");
    assertThat(okHeader(r, "x-celador-caller").orElseThrow().getHeader().getValue())
        .isEqualTo("anonymous");
  }

  @Test
  void check_allowHeaders_overwriteAndNeverAppend() {
    var h = okHeader(check(request("GET", "allow.test", "/")), "x-celador-caller").orElseThrow();

    assertThat(h.getAppendAction()).isEqualTo(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
    assertThat(h.hasAppend()).isTrue();
    assertThat(h.getAppend().getValue()).isFalse();
  }

  @Test
  void check_clientSentIdentityHeader_isOverwrittenWithTheRealValue() {
    CheckResponse r =
        check(
            request("GET", "allow.test", "/")
                .header("x-celador-caller", "spiffe://evil/ns/x/sa/admin")
                .source("spiffe://cluster.local/ns/web/sa/frontend"));

    assertThat(okHeader(r, "x-celador-caller").orElseThrow().getHeader().getValue())
        .isEqualTo("spiffe://cluster.local/ns/web/sa/frontend");
  }

  @Test
  void check_identityHeaderNotSetByDecidingPolicy_isRemoved() {
    CheckResponse r =
        check(request("GET", "unrelated.test", "/").header("x-celador-caller", "spoof"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(r.getOkResponse().getHeadersToRemoveList())
        .contains("x-celador-caller", "x-celador-method");
  }

  @Test
  void check_noPolicySelects_allowsWithEmptyPolicyInMetadata() {
    CheckResponse r = check(request("GET", "unrelated.test", "/"));

    assertThat(metadata(r, "decision")).isEqualTo("allow");
    assertThat(metadata(r, "policy")).isEmpty();
  }

  @Test
  void check_allow_dynamicMetadataNamesPolicyAndRule() {
    CheckResponse r = check(request("GET", "allow.test", "/"));

    assertThat(metadata(r, "policy")).isEqualTo("allow-get");
    assertThat(metadata(r, "rule")).isEqualTo("reads");
    assertThat(metadata(r, "decision")).isEqualTo("allow");
  }

  @Test
  void check_dryRunDenyPolicy_doesNotChangeTheOutcome() {
    assertThat(check(request("GET", "allow.test", "/")).getStatus().getCode())
        .isEqualTo(Code.OK_VALUE);
  }

  // --- deny ---

  @Test
  void check_noAllowRuleMatches_permissionDenied403WithJsonBody() {
    CheckResponse r = check(request("POST", "allow.test", "/items"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(r.getDeniedResponse().getBody())
        .isEqualTo("{\"status\":403,\"reason\":\"no ALLOW rule matched this request\"}");
    assertThat(deniedHeader(r, "content-type").orElseThrow().getHeader().getValue())
        .isEqualTo("application/json");
  }

  @Test
  void check_denyRuleMatches_403WithPolicyMessage() {
    CheckResponse r = check(request("GET", "deny.test", "/admin/users"));

    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(r.getDeniedResponse().getBody()).contains("admin is off limits");
    assertThat(metadata(r, "policy")).isEqualTo("no-admin");
    assertThat(metadata(r, "rule")).isEqualTo("admin-path");
    assertThat(metadata(r, "decision")).isEqualTo("deny");
  }

  @Test
  void check_denyRuleDoesNotMatch_allowed() {
    assertThat(check(request("GET", "deny.test", "/public")).getStatus().getCode())
        .isEqualTo(Code.OK_VALUE);
  }

  @Test
  void check_deny401_unauthenticatedWith401() {
    CheckResponse r = check(request("GET", "auth.test", "/"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(401);
    assertThat(r.getDeniedResponse().getBody()).contains("credentials required");
  }

  @Test
  void check_credentialsPresent_notDenied() {
    CheckResponse r = check(request("GET", "auth.test", "/").header("authorization", "Bearer x"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void check_deny429_resourceExhaustedWith429() {
    CheckResponse r = check(request("POST", "limit.test", "/"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(429);
  }

  // --- request mapping ---

  @Test
  void check_queryString_inPathNotInUrlPath() {
    assertThat(check(request("GET", "query.test", "/q?x=1&y=2")).getStatus().getCode())
        .isEqualTo(Code.OK_VALUE);
    assertThat(check(request("GET", "query.test", "/q?x=1")).getStatus().getCode())
        .isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  @Test
  void check_hostWithPort_stillSelectsHostTarget() {
    assertThat(check(request("GET", "deny.test:8080", "/admin")).getStatus().getCode())
        .isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  @Test
  void check_partialBodyFlag_deniedWith413() {
    CheckResponse r =
        check(
            request("POST", "body.test", "/")
                .header("x-envoy-auth-partial-body", "true")
                .body("ok"));

    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(413);
  }

  @Test
  void check_completeBody_readByPolicy() {
    CheckResponse r =
        check(
            request("POST", "body.test", "/")
                .header("x-envoy-auth-partial-body", "false")
                .body("ok!"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void check_bodyWithoutToken_denied() {
    assertThat(check(request("POST", "body.test", "/").body("nope")).getStatus().getCode())
        .isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  @Test
  void check_contextExtensionsRouteOrders_selectsOrdersPolicy() {
    CheckResponse r = check(request("GET", "any.test", "/").context("route", "orders"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(metadata(r, "policy")).isEqualTo("route-orders");
  }

  @Test
  void check_contextExtensionsRoutePayments_selectsPaymentsPolicy() {
    CheckResponse r = check(request("GET", "any.test", "/").context("route", "payments"));

    assertThat(r.getDeniedResponse().getBody()).contains("payments route is closed");
    assertThat(metadata(r, "policy")).isEqualTo("route-payments");
  }

  @Test
  void check_spiffePrincipals_namespaceAndServiceAccountHelpers() {
    Checks c =
        request("GET", "orders", "/")
            .destination("spiffe://cluster.local/ns/shop/sa/orders")
            .source("spiffe://cluster.local/ns/web/sa/frontend");

    assertThat(check(c).getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void check_wrongSourceNamespace_denied() {
    Checks c =
        request("GET", "orders", "/")
            .destination("spiffe://cluster.local/ns/shop/sa/orders")
            .source("spiffe://cluster.local/ns/batch/sa/frontend");

    assertThat(check(c).getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  @Test
  void check_rawObject_readsTheCheckRequestAsJson() {
    assertThat(check(request("PUT", "object.test", "/")).getStatus().getCode())
        .isEqualTo(Code.OK_VALUE);
    assertThat(check(request("GET", "object.test", "/")).getStatus().getCode())
        .isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  @Test
  void check_metadataContext_readsFilterMetadata() {
    CheckResponse r =
        check(
            request("GET", "meta.test", "/")
                .metadata("envoy.filters.http.jwt_authn", Map.of("sub", "alice")));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  // --- failures ---

  @Test
  void check_evaluationErrorUnderFail_isAnErrorResponseNotADenial() throws Exception {
    CheckResponse r = check(request("GET", "error.test", "/"));

    // error_response is CheckResponse field 5 (a DeniedHttpResponse); the served Java API jar
    // predates it, so it arrives as an unknown field, exactly as its bytes reach Envoy.
    assertThat(r.getStatus().getCode()).isEqualTo(Code.INTERNAL_VALUE);
    assertThat(r.getStatus().getMessage()).contains("eval-fail");
    assertThat(r.hasDeniedResponse()).as("an error, not a denial").isFalse();
    var errorResponse = r.getUnknownFields().getField(5).getLengthDelimitedList();
    assertThat(errorResponse).hasSize(1);
    var error =
        io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse.parseFrom(errorResponse.get(0));
    assertThat(error.getBody()).isEqualTo("{\"error\":\"evaluation_error\"}");
    assertThat(error.hasStatus()).as("left to status_on_error").isFalse();
  }

  @Test
  void check_evaluationErrorUnderIgnore_ruleDoesNotMatch() {
    assertThat(check(request("GET", "ignore.test", "/")).getStatus().getCode())
        .isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  @Test
  void check_evaluationSucceeds_noError() {
    assertThat(check(request("GET", "error.test", "/").header("x-n", "5")).getStatus().getCode())
        .isEqualTo(Code.OK_VALUE);
  }

  @Test
  void check_emptyRequest_invalidArgument() {
    assertThatThrownBy(() -> authz.check(CheckRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  // --- listeners, health, reflection ---

  @Test
  void health_afterReady_serving() {
    var health = HealthGrpc.newBlockingStub(channel);

    assertThat(health.check(HealthCheckRequest.newBuilder().build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("envoy.service.auth.v3.Authorization")
                        .build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void check_overUnixDomainSocket_sameAnswers() {
    EpollEventLoopGroup group = new EpollEventLoopGroup(1);
    ManagedChannel uds =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(group)
            .usePlaintext()
            .build();
    try {
      var stub = AuthorizationGrpc.newBlockingStub(uds).withDeadlineAfter(5, TimeUnit.SECONDS);
      assertThat(stub.check(request("GET", "allow.test", "/").build()).getStatus().getCode())
          .isEqualTo(Code.OK_VALUE);
      assertThat(stub.check(request("GET", "deny.test", "/admin").build()).getStatus().getCode())
          .isEqualTo(Code.PERMISSION_DENIED_VALUE);
    } finally {
      uds.shutdownNow();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
  }

  @Test
  void reflection_listsTheAuthorizationService() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    var call =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    call.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    ServerReflectionResponse r = answer.get(5, TimeUnit.SECONDS);
    call.onCompleted();

    assertThat(r.getListServicesResponse().getServiceList())
        .extracting(s -> s.getName())
        .contains("envoy.service.auth.v3.Authorization", "grpc.health.v1.Health");
  }

  // --- HTTP mode ---

  static HttpResponse<String> httpMode(String method, String path, Map<String, String> headers)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + celador.httpPort + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    // The JDK client sets Host from the URI (127.0.0.1), which no fixture policy targets.
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpMode_allowed_200WithHeadersToRemove() throws Exception {
    HttpResponse<String> r = httpMode("GET", "/anything", Map.of());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-envoy-auth-headers-to-remove").orElseThrow())
        .contains("x-celador-caller");
  }

  @Test
  void httpMode_garbageRequestLine_400AndServerStillAnswers() throws Exception {
    try (var s = new java.net.Socket("127.0.0.1", celador.httpPort)) {
      s.getOutputStream().write("\u0001\u0002 nonsense\r\n\r\n".getBytes());
      byte[] buf = s.getInputStream().readNBytes(12);
      assertThat(new String(buf)).startsWith("HTTP/1.1 400");
    }
    assertThat(httpMode("GET", "/", Map.of()).statusCode()).isEqualTo(200);
  }

  @Test
  void decisionLog_linesAreJsonWithoutHeaderValues() throws Exception {
    check(
        request("GET", "allow.test", "/x?token=secret123")
            .header("authorization", "Bearer abc.def"));
    Thread.sleep(400);

    List<String> lines = celador.decisionLines();
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"path\":\"/x?token=REDACTED\""));
    assertThat(String.join("\n", lines)).doesNotContain("secret123").doesNotContain("abc.def");
  }
}
