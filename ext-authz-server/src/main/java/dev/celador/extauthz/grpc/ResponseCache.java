package dev.celador.extauthz.grpc;

import dev.celador.engine.api.Decision;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The responses of recent decisions, built and encoded once. Most Checks repeat a decision seen
 * moments ago (same caller, same rule, same forwarded identity), and building the protobuf response
 * and encoding it per request cost more than deciding. The Check method's marshaller sends a cached
 * response's bytes instead of encoding it again.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} responses of at most {@link #MAX_ENCODED_BYTES} bytes (a
 * few MB); when full it starts over, so high-cardinality answers (a claim per user in a header)
 * only cost what building them cost before. Thread-safe.
 */
final class ResponseCache {

  static final int MAX_ENTRIES = 4096;
  static final int MAX_ENCODED_BYTES = 2048;

  private final Map<Decision, CheckResponse> byDecision = new ConcurrentHashMap<>();
  private final Map<Identity, byte[]> encoded = new ConcurrentHashMap<>();

  /** The response for {@code decision}, from the cache or built by {@code build} and kept. */
  CheckResponse get(Decision decision, Function<Decision, CheckResponse> build) {
    CheckResponse cached = byDecision.get(decision);
    if (cached != null) {
      return cached;
    }
    CheckResponse response = build.apply(decision);
    byte[] bytes = response.toByteArray();
    if (bytes.length <= MAX_ENCODED_BYTES) {
      if (byDecision.size() >= MAX_ENTRIES) {
        byDecision.clear();
        encoded.clear();
      }
      // Bytes first: whoever finds the response in the cache finds its bytes too.
      encoded.put(new Identity(response), bytes);
      byDecision.put(decision, response);
    }
    return response;
  }

  int size() {
    return byDecision.size();
  }

  /** {@code service} with the Check method's responses sent from this cache when they are in it. */
  ServerServiceDefinition encodeFromCache(ServerServiceDefinition service) {
    return ServiceDefinitions.mapMethods(service, this::withCachedEncoding);
  }

  private <Q, R> ServerMethodDefinition<Q, R> withCachedEncoding(
      ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    MethodDescriptor.Marshaller<R> original = descriptor.getResponseMarshaller();
    MethodDescriptor.Marshaller<R> cached =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(R value) {
            byte[] bytes = encoded.get(new Identity(value));
            return bytes != null ? new EncodedMessage(bytes) : original.stream(value);
          }

          @Override
          public R parse(InputStream stream) {
            return original.parse(stream);
          }
        };
    return ServerMethodDefinition.create(
        descriptor.toBuilder().setResponseMarshaller(cached).build(),
        method.getServerCallHandler());
  }

  /** A cached response by identity: equal responses that were not cached must not match. */
  private record Identity(Object message) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity that && that.message == message;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(message);
    }
  }

  /** Encoded bytes as grpc-java writes messages best: length known, drained in one write. */
  private static final class EncodedMessage extends ByteArrayInputStream
      implements KnownLength, Drainable {
    EncodedMessage(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }
}
