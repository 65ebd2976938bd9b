package dev.celador.extauthz.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.celador.engine.api.AuthzRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@link CheckRequestDecoder} is held to: it rejects exactly what {@code
 * CheckRequest.parseFrom} rejects, and maps what it accepts exactly as {@link
 * ProtoCheckRequestMapping} maps the parsed message (the same request, or the same exception).
 */
final class DecoderOracle {

  private DecoderOracle() {}

  /** Returns whether protobuf accepted the bytes; fails the test if the decoder disagrees. */
  static boolean assertSameOutcome(byte[] bytes) {
    CheckRequest parsed;
    try {
      parsed = CheckRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      assertThatThrownBy(() -> CheckRequestDecoder.decode(bytes))
          .as("protobuf rejected %s", ByteString.copyFrom(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
      return false;
    }
    Object expected = outcome(() -> ProtoCheckRequestMapping.map(parsed));
    Object actual = outcome(() -> decode(bytes));
    assertThat(actual).as("decoded %s", parsed).isEqualTo(expected);
    return true;
  }

  /** The decoded request; protobuf accepted {@code bytes}, so the decoder must too. */
  static AuthzRequest decode(byte[] bytes) {
    try {
      return CheckRequestDecoder.decode(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("protobuf accepted what the decoder rejected", e);
    }
  }

  /** The mapped request, with {@code object} and metadata forced; or the exception's message. */
  private static Object outcome(Supplier<AuthzRequest> mapping) {
    try {
      AuthzRequest r = mapping.get();
      return List.of(r, r.raw().toString(), r.metadata().toString());
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
