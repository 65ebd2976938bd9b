package dev.celador.cli;

import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionContexts;
import dev.celador.engine.internal.admission.ObjectFileException;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --params} and {@code --namespaces}: what a cluster would give admission policies, read
 * from files, for {@code eval --admission-review} and {@code apply} alike.
 */
final class AdmissionContextOptions {

  @Option(
      names = "--params",
      paramLabel = "PATH",
      description = "Param objects for admission policies (file or directory); repeat for more.")
  List<Path> params = List.of();

  @Option(
      names = "--namespaces",
      paramLabel = "PATH",
      description = "v1 Namespace objects for admission (file or directory); repeat for more.")
  List<Path> namespaces = List.of();

  boolean isEmpty() {
    return params.isEmpty() && namespaces.isEmpty();
  }

  /** The params and Namespaces read, with no authorizer (every check is denied, as offline). */
  AdmissionContext context() {
    try {
      return AdmissionContexts.fromFiles(params, namespaces, DeclaredAuthorizer.none());
    } catch (ObjectFileException e) {
      throw new UserException(e.getMessage());
    }
  }
}
