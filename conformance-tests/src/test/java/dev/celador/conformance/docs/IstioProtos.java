package dev.celador.conformance.docs;

import dev.celador.conformance.chart.Command;
import dev.celador.conformance.chart.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * Istio's MeshConfig as descriptors: protoc (the one the build already uses, from the local Maven
 * repository) compiles mesh/v1alpha1/config.proto from the istio.io/api sources the fetch script
 * copied; protobuf's well-known .protos come from the protobuf-java jar on the classpath.
 */
final class IstioProtos {

  private static final List<String> WELL_KNOWN =
      List.of("duration", "struct", "wrappers", "any", "descriptor", "timestamp", "empty");

  private IstioProtos() {}

  static ProtoDescriptors meshConfig(Path work) throws IOException {
    Path protoc = work.resolve("protoc");
    Files.copy(
        Path.of(System.getProperty("protoc.artifact")),
        protoc,
        StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(protoc, PosixFilePermissions.fromString("rwx------"));
    Path wellKnown = work.resolve("wkt/google/protobuf");
    Files.createDirectories(wellKnown);
    for (String name : WELL_KNOWN) {
      String resource = "google/protobuf/" + name + ".proto";
      try (InputStream in = IstioProtos.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              resource + " is not on the test classpath (protobuf-java)");
        }
        Files.copy(in, wellKnown.resolve(name + ".proto"));
      }
    }
    Path out = work.resolve("mesh.pb");
    Path istio = Tools.thirdPartyCrds().resolve("istio-protos");
    Command.run(
            work,
            Duration.ofMinutes(1),
            List.of(
                protoc.toString(),
                "-I" + istio,
                "-I" + work.resolve("wkt"),
                "--include_imports",
                "--descriptor_set_out=" + out,
                "mesh/v1alpha1/config.proto"))
        .ok();
    return new ProtoDescriptors(out);
  }
}
