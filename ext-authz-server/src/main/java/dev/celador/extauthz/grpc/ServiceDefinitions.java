package dev.celador.extauthz.grpc;

import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Rebuilds a bound gRPC service with its methods replaced, e.g. to swap a marshaller. */
final class ServiceDefinitions {

  private ServiceDefinitions() {}

  static ServerServiceDefinition mapMethods(
      ServerServiceDefinition service, UnaryOperator<ServerMethodDefinition<?, ?>> replace) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> replaced = replace.apply(method);
      methods.add(replaced);
      descriptor.addMethod(replaced.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }
}
