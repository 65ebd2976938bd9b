package dev.celador.conformance.docs;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A protoc descriptor set (--include_imports) as live descriptors: Envoy's v3 API from the .proto
 * files in Envoy's api jar, or Istio's MeshConfig from istio.io/api, so a guide's YAML can be
 * parsed against the project's own schema without generated classes.
 */
final class ProtoDescriptors {

  private final Map<String, FileDescriptor> files = new HashMap<>();
  private final Map<String, FileDescriptorProto> protos = new HashMap<>();

  ProtoDescriptors(Path descriptorSet) throws IOException {
    FileDescriptorSet set;
    try (InputStream in = Files.newInputStream(descriptorSet)) {
      set = FileDescriptorSet.parseFrom(in);
    }
    set.getFileList().forEach(f -> protos.put(f.getName(), f));
    for (String name : protos.keySet()) {
      build(name);
    }
  }

  private FileDescriptor build(String name) {
    FileDescriptor built = files.get(name);
    if (built != null) {
      return built;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      throw new IllegalStateException("descriptor set lacks " + name);
    }
    FileDescriptor[] deps =
        proto.getDependencyList().stream().map(this::build).toArray(FileDescriptor[]::new);
    try {
      built = FileDescriptor.buildFrom(proto, deps);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
    files.put(name, built);
    return built;
  }

  /** A message type by full name, e.g. envoy.config.bootstrap.v3.Bootstrap. */
  Descriptor message(String fullName) {
    for (FileDescriptor f : files.values()) {
      if (fullName.startsWith(f.getPackage() + ".")) {
        Descriptor d = f.findMessageTypeByName(fullName.substring(f.getPackage().length() + 1));
        if (d != null) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException("no message " + fullName + " in the descriptor set");
  }

  /** Every message of every file, for resolving {@code "@type"} of Any fields. */
  JsonFormat.TypeRegistry typeRegistry() {
    JsonFormat.TypeRegistry.Builder registry = JsonFormat.TypeRegistry.newBuilder();
    files.values().forEach(f -> registry.add(f.getMessageTypes()));
    return registry.build();
  }
}
