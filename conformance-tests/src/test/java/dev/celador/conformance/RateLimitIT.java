package dev.celador.conformance;

import static dev.celador.conformance.Checks.deniedHeader;
import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local RateLimitPolicy through the packaged {@code celador serve}: 429 and its headers. */
class RateLimitIT {

  @TempDir static Path work;
  static CeladorProcess celador;
  static ManagedChannel channel;
  static AuthorizationGrpc.AuthorizationBlockingStub authz;

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.copy(
        Path.of("src/test/resources/ratelimit/policies.yaml"), policies.resolve("policies.yaml"));
    celador = CeladorProcess.startReady(policies, work, "celador.warmup.duration=300ms");
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

  static CheckResponse check(String user) {
    return authz
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(request("GET", "api.test", "/orders").header("x-user", user).build());
  }

  @Test
  void check_underLimit_allowedWithRateLimitHeadersDownstream() {
    CheckResponse r = check(UUID.randomUUID().toString());

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(r.getOkResponse().getResponseHeadersToAddList())
        .anySatisfy(
            h -> {
              assertThat(h.getHeader().getKey()).isEqualToIgnoringCase("ratelimit");
              assertThat(h.getHeader().getValue()).startsWith("\"hourly\";r=1;");
            });
  }

  @Test
  void check_overLimit_resourceExhausted429WithRateLimitAndRetryAfter() {
    String user = UUID.randomUUID().toString();
    check(user);
    check(user);

    CheckResponse r = check(user);

    assertThat(r.getStatus().getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(429);
    assertThat(deniedHeader(r, "ratelimit-policy").orElseThrow().getHeader().getValue())
        .startsWith("\"hourly\";q=2;w=3600");
    assertThat(deniedHeader(r, "ratelimit").orElseThrow().getHeader().getValue())
        .startsWith("\"hourly\";r=0;t=");
    int retryAfter =
        Integer.parseInt(deniedHeader(r, "retry-after").orElseThrow().getHeader().getValue());
    assertThat(retryAfter).isBetween(1700, 1800);
    assertThat(r.getDeniedResponse().getBody()).contains("rate limit hourly");
    // Other tests may have been denied too: at least this 429 is counted, labelled by names only.
    Matcher denials =
        Pattern.compile(
                "(?m)^celador_ratelimit_denials_total\\{limit=\"hourly\",policy=\"per-user\"\\}"
                    + " ([0-9.]+)$")
            .matcher(celador.get("/metrics").body());
    assertThat(denials.find()).isTrue();
    assertThat(Double.parseDouble(denials.group(1))).isGreaterThanOrEqualTo(1);
  }

  @Test
  void httpMode_overLimit_429WithRetryAfter() throws Exception {
    String user = UUID.randomUUID().toString();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + celador.httpPort + "/orders"))
            .header("x-user", user)
            .build();
    HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
    client.send(request, HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> third = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("retry-after")).isPresent();
    assertThat(third.headers().firstValue("ratelimit").orElseThrow()).startsWith("\"hourly\";r=0");
  }
}
