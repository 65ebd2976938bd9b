package dev.celador.engine.internal.parse;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import java.nio.file.Path;

/**
 * Reads one policy file through {@link TextFiles}, turning what is not a policy (too large to be
 * one, binary, not UTF-8, unreadable) into a diagnostic before any YAML parsing.
 */
final class SourceReader {

  static final String BINARY_FILE = "binary_file";

  /** Either the file's text or why it could not be used; {@code ioError} if it was unreadable. */
  record Read(SourceFile source, Diagnostic problem, boolean ioError) {}

  Read read(Path path, String name) {
    try {
      return new Read(TextFiles.read(path, name, YamlLimits.MAX_FILE_BYTES), null, false);
    } catch (TextFileException e) {
      SourceLocation start = SourceLocation.startOf(name);
      return switch (e.problem()) {
        case UNREADABLE ->
            new Read(null, Diagnostic.error(PolicyFiles.IO_ERROR, start, e.detail()), true);
        case TOO_LARGE -> new Read(null, YamlErrors.tooLarge(start), false);
        case NOT_TEXT -> new Read(null, Diagnostic.error(BINARY_FILE, start, e.detail()), false);
      };
    }
  }
}
