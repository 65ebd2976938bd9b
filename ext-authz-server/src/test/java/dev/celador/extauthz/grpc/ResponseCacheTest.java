package dev.celador.extauthz.grpc;

import static dev.celador.extauthz.grpc.CheckResponseMapperTest.allow;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

  private final CheckResponseMapper mapper = new CheckResponseMapper();

  @SuppressWarnings("unchecked")
  private MethodDescriptor.Marshaller<CheckResponse> checkMarshaller() {
    ServerServiceDefinition service =
        mapper
            .cache()
            .encodeFromCache(new AuthorizationGrpc.AuthorizationImplBase() {}.bindService());
    return (MethodDescriptor.Marshaller<CheckResponse>)
        service
            .getMethod(AuthorizationGrpc.getCheckMethod().getFullMethodName())
            .getMethodDescriptor()
            .getResponseMarshaller();
  }

  private static byte[] read(InputStream stream) throws Exception {
    try (stream) {
      return stream.readAllBytes();
    }
  }

  @Test
  void toResponse_sameDecisionTwice_sameResponseSentAsItsEncoding() throws Exception {
    CheckResponse first = mapper.toResponse(allow(Map.of("x-user", "alice"), List.of("x-tenant")));
    CheckResponse second = mapper.toResponse(allow(Map.of("x-user", "alice"), List.of("x-tenant")));

    assertThat(second).isSameAs(first);
    byte[] sent = read(checkMarshaller().stream(second));
    assertThat(CheckResponse.parseFrom(sent)).isEqualTo(first);
    assertThat(sent).isEqualTo(first.toByteArray());
  }

  @Test
  void toResponse_otherHeaderValue_otherResponse() {
    CheckResponse alice = mapper.toResponse(allow(Map.of("x-user", "alice"), List.of()));
    CheckResponse bob = mapper.toResponse(allow(Map.of("x-user", "bob"), List.of()));

    assertThat(bob.getOkResponse().getHeaders(0).getHeader().getValue()).isEqualTo("bob");
    assertThat(alice.getOkResponse().getHeaders(0).getHeader().getValue()).isEqualTo("alice");
  }

  @Test
  void toResponse_manyDistinctDecisions_cacheStaysBounded() {
    for (int i = 0; i <= ResponseCache.MAX_ENTRIES + 10; i++) {
      mapper.toResponse(allow(Map.of("x-user", "user-" + i), List.of()));
    }

    assertThat(mapper.cache().size()).isBetween(1, ResponseCache.MAX_ENTRIES);
  }

  @Test
  void toResponse_largeResponse_builtEachTimeAndEncodedNormally() throws Exception {
    String big = "v".repeat(ResponseCache.MAX_ENCODED_BYTES);
    CheckResponse first = mapper.toResponse(allow(Map.of("x-user", big), List.of()));
    CheckResponse second = mapper.toResponse(allow(Map.of("x-user", big), List.of()));

    assertThat(second).isNotSameAs(first).isEqualTo(first);
    assertThat(mapper.cache().size()).isZero();
    assertThat(CheckResponse.parseFrom(read(checkMarshaller().stream(second)))).isEqualTo(first);
  }

  @Test
  void marshaller_equalResponseNotFromTheCache_encodedItself() throws Exception {
    CheckResponse cached = mapper.toResponse(allow(Map.of("x-user", "alice"), List.of()));
    CheckResponse copy = CheckResponse.parseFrom(cached.toByteArray());
    CheckResponse other = copy.toBuilder().setDynamicMetadata(copy.getDynamicMetadata()).build();

    assertThat(CheckResponse.parseFrom(read(checkMarshaller().stream(other)))).isEqualTo(cached);
  }
}
