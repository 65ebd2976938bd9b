package dev.celador.cli.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.extauthz.grpc.CheckRequestMapper;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two ways a CheckRequest becomes an engine request agree: a file read for {@code celador eval}
 * and {@code celador test} (proto3 JSON, {@link RequestFileReader}) and the same message as Envoy
 * sends it to {@code celador serve} (its wire bytes, decoded by the gRPC front door), for every
 * CheckRequest-shaped golden request and policy fixture in the repository. Otherwise a policy
 * tested in Git could decide differently in production.
 */
class CheckRequestParityTest {

  /** Every eval golden request and every policy fixture in CheckRequest form. */
  static Stream<Path> checkRequests() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> eval = Files.list(Path.of("src/test/resources/eval"))) {
      eval.map(dir -> dir.resolve("request.json")).filter(Files::isRegularFile).forEach(files::add);
    }
    try (Stream<Path> policies = Files.walk(Path.of("../policies"))) {
      policies
          .filter(p -> p.toString().endsWith(".json") && p.getParent().endsWith("testdata"))
          .forEach(files::add);
    }
    List<Path> checkRequests =
        files.stream().filter(CheckRequestParityTest::isCheckRequest).sorted().toList();
    assertThat(checkRequests).as("CheckRequest-shaped requests found").hasSizeGreaterThan(3);
    return checkRequests.stream();
  }

  private static boolean isCheckRequest(Path file) {
    try {
      return Files.readString(file).contains("\"attributes\"");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("checkRequests")
  void fileAndWire_sameCheckRequest_sameEngineRequest(Path file) throws Exception {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    AuthzRequest fromFile = new RequestFileReader().parse(file.toString(), json);
    CheckRequest.Builder message = CheckRequest.newBuilder();
    JsonFormat.parser().merge(json, message);
    AuthzRequest fromWire = new CheckRequestMapper().map(message.build().toByteArray());

    assertThat(fromWire.source()).isEqualTo(fromFile.source());
    assertThat(fromWire.destination()).isEqualTo(fromFile.destination());
    assertThat(fromWire.request()).isEqualTo(fromFile.request());
    assertThat(fromWire.mtls()).isEqualTo(fromFile.mtls());
    assertThat(fromWire.requestedServerName()).isEqualTo(fromFile.requestedServerName());
    assertThat(fromWire.context()).isEqualTo(fromFile.context());
    assertThat(fromWire.metadata()).isEqualTo(fromFile.metadata());
    assertThat(fromWire.raw()).isEqualTo(fromFile.raw());
  }
}
