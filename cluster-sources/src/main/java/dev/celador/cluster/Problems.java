package dev.celador.cluster;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Map;

/**
 * Words a compile error about a custom resource for a log: the object (its source name), the field
 * (found from the position, since the line numbers refer to generated text), then the diagnostic.
 */
final class Problems {

  private Problems() {}

  static List<String> describe(List<Diagnostic> diagnostics, Map<String, SourceFile> sources) {
    return diagnostics.stream()
        .filter(Diagnostic::isError)
        .map(d -> describe(d, sources.get(d.location().file())))
        .toList();
  }

  static String describe(Diagnostic diagnostic, SourceFile source) {
    String field =
        source == null
            ? ""
            : FieldPaths.at(source.text(), diagnostic.location())
                .map(path -> " field " + path + ":")
                .orElse("");
    return diagnostic.location().file()
        + ":"
        + field
        + " error["
        + diagnostic.code()
        + "]: "
        + diagnostic.message()
        + " (at line "
        + diagnostic.location().line()
        + ", column "
        + diagnostic.location().column()
        + " of the object as YAML)";
  }
}
