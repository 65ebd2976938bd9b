package dev.celador.conformance;

import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input on every port: each gets a defined answer, nothing crashes, logs stay quiet. */
class BadInputIT {

  @TempDir static Path work;
  static CeladorProcess celador;
  static ManagedChannel channel;
  static AuthorizationGrpc.AuthorizationBlockingStub authz;

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.copy(
        Path.of("src/test/resources/contract/policies.yaml"), policies.resolve("policies.yaml"));
    celador = CeladorProcess.startReady(policies, work, "celador.warmup.duration=300ms");
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort)
            .usePlaintext()
            .maxInboundMessageSize(16 * 1024 * 1024)
            .build();
    authz = AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    String log = celador.log();
    celador.close();
    // No log storm: a few lines of startup/shutdown, nothing per bad request.
    assertThat(log.lines().count()).as(log).isLessThan(15);
  }

  static void assertStillServing() {
    assertThat(celador.alive()).isTrue();
    assertThat(authz.check(request("GET", "deny.test", "/admin").build()).getStatus().getCode())
        .isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  static void sendRandomBytes(int port, long seed) throws Exception {
    byte[] junk = new byte[256 * 1024];
    new Random(seed).nextBytes(junk);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(junk);
        out.flush();
        s.getInputStream().readNBytes(1024);
      } catch (java.io.IOException e) {
        // The server may reset the connection: that is a fine answer to garbage.
      }
    }
  }

  @Test
  void grpcPort_randomBytes_connectionDroppedServerFine() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      sendRandomBytes(celador.grpcPort, seed);
    }
    assertStillServing();
  }

  @Test
  void httpPort_randomBytes_connectionDroppedServerFine() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      sendRandomBytes(celador.httpPort, seed);
    }
    assertStillServing();
  }

  @Test
  void managementPort_randomBytes_serverFine() throws Exception {
    sendRandomBytes(celador.managementPort, 9);
    assertThat(celador.readyzStatus()).isEqualTo(200);
  }

  @Test
  void grpc_oneMegabyteOfHeaders_decided() {
    CheckResponse r =
        authz.check(
            request("GET", "deny.test", "/admin").header("x-big", "a".repeat(1 << 20)).build());

    assertThat(r.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
  }

  @Test
  void grpc_tenThousandHeaders_decided() {
    Checks c = request("GET", "allow.test", "/");
    for (int i = 0; i < 10_000; i++) {
      c.header("x-h-" + i, "v" + i);
    }

    assertThat(authz.check(c.build()).getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void grpc_overTheSizeLimit_rejectedNotCrashed() {
    var c = request("GET", "allow.test", "/").header("x-huge", "a".repeat(5 << 20));

    try {
      authz.check(c.build());
      throw new AssertionError("a 5 MB request must be refused");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }
    assertStillServing();
  }

  @Test
  void grpc_invalidUtf8InRawHeaderBytes_decidedWithReplacementCharacters() {
    CheckRequest base = request("GET", "allow.test", "/").build();
    var http =
        base.getAttributes().getRequest().getHttp().toBuilder()
            .setHeaderMap(
                HeaderMap.newBuilder()
                    .addHeaders(
                        HeaderValue.newBuilder()
                            .setKey("x-bin")
                            .setRawValue(ByteString.copyFrom(new byte[] {(byte) 0xc3, 0x28}))));
    CheckRequest r =
        base.toBuilder()
            .setAttributes(
                base.getAttributes().toBuilder()
                    .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
            .build();

    assertThat(authz.check(r).getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void grpc_invalidUtf8InStringField_invalidArgument() {
    byte[] bytes = request("GET", "allow.test", "/PATHX").build().toByteArray();
    byte[] marker = "PATHX".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + marker.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
        bytes[i] = (byte) 0xff; // not valid UTF-8 anywhere
      }
    }

    assertThat(callRaw(bytes)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertStillServing();
  }

  @Test
  void grpc_garbageMessage_invalidArgument() {
    byte[] junk = new byte[64];
    new Random(3).nextBytes(junk);
    junk[0] = (byte) 0xff; // an invalid tag

    assertThat(callRaw(junk)).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void grpc_emptyAttributes_invalidArgument() {
    assertThat(callRaw(new byte[0])).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void http_oneMegabyteOfHeaders_431() throws Exception {
    assertThat(rawHttp("X-Big: " + "a".repeat(1 << 20) + "\r\n")).startsWith("HTTP/1.1 431");
    assertStillServing();
  }

  @Test
  void http_tenThousandHeaders_431() throws Exception {
    StringBuilder h = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      h.append("X-H-").append(i).append(": v\r\n");
    }
    assertThat(rawHttp(h.toString())).startsWith("HTTP/1.1 431");
  }

  @Test
  void http_invalidUtf8InHeader_decided() throws Exception {
    assertThat(rawHttp("X-Bin: \u00ff\u00fe\r\n")).startsWith("HTTP/1.1 200");
  }

  /** Sends a request with {@code headers}; the first 64 bytes of the answer. */
  private static String rawHttp(String headers) throws Exception {
    return celador.rawHttp(
        "GET /x HTTP/1.1\r\nHost: a\r\n" + headers + "Connection: close\r\n\r\n", 64);
  }

  /** Calls Check with {@code bytes} as the message, unparsed. */
  private static Status.Code callRaw(byte[] bytes) {
    MethodDescriptor<byte[], byte[]> method =
        AuthorizationGrpc.getCheckMethod().toBuilder(new Raw(), new Raw()).build();
    try {
      ClientCalls.blockingUnaryCall(
          channel, method, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), bytes);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static final class Raw implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
