package dev.celador.extauthz.grpc;

import com.google.protobuf.UnknownFieldSet;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.InputStream;

/**
 * grpc-java answers a request message that does not parse (garbage, invalid UTF-8 in a string
 * field) with UNKNOWN and logs a stack trace per call. It is the caller's mistake: the Check
 * method's marshaller turns it into the {@link #UNPARSABLE} marker, which {@link
 * CheckRequestMapper} rejects as INVALID_ARGUMENT like any other bad request, quietly.
 */
public final class BadProtoIsInvalidArgument {

  /** Stands for "the bytes were not a CheckRequest"; compared by identity. */
  static final CheckRequest UNPARSABLE =
      CheckRequest.newBuilder()
          .setUnknownFields(
              UnknownFieldSet.newBuilder()
                  .addField(536_870_911, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                  .build())
          .build();

  private BadProtoIsInvalidArgument() {}

  public static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    return ServiceDefinitions.mapMethods(service, BadProtoIsInvalidArgument::wrap);
  }

  @SuppressWarnings("unchecked")
  private static <Q, R> ServerMethodDefinition<Q, R> wrap(ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    MethodDescriptor.Marshaller<Q> original = descriptor.getRequestMarshaller();
    MethodDescriptor.Marshaller<Q> checked =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(Q value) {
            return original.stream(value);
          }

          @Override
          public Q parse(InputStream stream) {
            try {
              return original.parse(stream);
            } catch (RuntimeException e) {
              return (Q) UNPARSABLE;
            }
          }
        };
    return ServerMethodDefinition.create(
        descriptor.toBuilder().setRequestMarshaller(checked).build(),
        method.getServerCallHandler());
  }
}
