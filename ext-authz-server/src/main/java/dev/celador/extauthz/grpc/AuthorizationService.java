package dev.celador.extauthz.grpc;

import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** {@code envoy.service.auth.v3.Authorization/Check}: map, decide, answer. */
public final class AuthorizationService {

  private final Authorizer authorizer;
  private final CheckRequestMapper requests = new CheckRequestMapper();
  private final CheckResponseMapper responses = new CheckResponseMapper();

  public AuthorizationService(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /**
   * The service to register. The Check method takes the request's wire bytes, which {@link
   * CheckRequestMapper} decodes inside the error handling (bytes that are not a CheckRequest are
   * INVALID_ARGUMENT, quietly, not grpc-java's UNKNOWN with a stack trace per call); recent
   * responses are sent without encoding them again. The schema stays Envoy's, for reflection.
   */
  public ServerServiceDefinition definition() {
    MethodDescriptor<CheckRequest, CheckResponse> proto = AuthorizationGrpc.getCheckMethod();
    MethodDescriptor<byte[], CheckResponse> check =
        proto.toBuilder(WireBytes.INSTANCE, proto.getResponseMarshaller()).build();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(
                ServiceDescriptor.newBuilder(AuthorizationGrpc.SERVICE_NAME)
                    .setSchemaDescriptor(
                        AuthorizationGrpc.getServiceDescriptor().getSchemaDescriptor())
                    .addMethod(check)
                    .build())
            .addMethod(
                ServerMethodDefinition.create(check, ServerCalls.asyncUnaryCall(this::check)))
            .build();
    return responses.cache().encodeFromCache(service);
  }

  /**
   * Decides one Check call given as its wire bytes; answers on this thread, or later on a costly
   * lane thread (grpc-java allows one other thread to complete a call).
   */
  public void check(byte[] request, StreamObserver<CheckResponse> response) {
    authorizer.authorize(
        Transport.GRPC, () -> requests.map(request), verdict -> answer(verdict, response));
  }

  private void answer(Verdict verdict, StreamObserver<CheckResponse> response) {
    if (verdict.failed() && !responses.answersWithErrorResponse(verdict)) {
      response.onError(responses.toError(verdict).asRuntimeException());
      return;
    }
    response.onNext(
        verdict.failed()
            ? responses.toErrorResponse(verdict)
            : responses.toResponse(verdict.decision()));
    response.onCompleted();
  }

  /** The request marshaller: the message's bytes, decoded later by {@link CheckRequestMapper}. */
  private enum WireBytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        // grpc-java hands over a stream of known length, bounded by maxInboundMessageSize; the
        // rest is read too in case a stream ever under-reports.
        byte[] bytes = new byte[stream.available()];
        int read = stream.readNBytes(bytes, 0, bytes.length);
        int next = stream.read();
        if (next < 0) {
          return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(read + 1024);
        all.write(bytes, 0, read);
        all.write(next);
        stream.transferTo(all);
        return all.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
