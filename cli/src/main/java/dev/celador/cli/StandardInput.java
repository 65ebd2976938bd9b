package dev.celador.cli;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.ObjectFiles;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code -} in place of a file name: standard input, read whole with the limits and checks of
 * {@link TextFiles} and named {@value #NAME} in messages. It can be read once, so at most one
 * argument of a run may be {@code -}.
 */
final class StandardInput {

  static final String NAME = "<stdin>";

  private final InputStream in;

  StandardInput(InputStream in) {
    this.in = in;
  }

  static boolean isDash(Path path) {
    return path != null && path.toString().equals("-");
  }

  /** Refuses a run that names {@code -} more than once: the second read would find nothing. */
  static void atMostOnce(List<Path> paths) {
    if (paths.stream().filter(StandardInput::isDash).count() > 1) {
      throw new UserException("standard input ('-') can be read only once per run");
    }
  }

  /** Standard input as strict UTF-8 text, read as it arrives, for streams of any length. */
  Reader reader() {
    return ObjectFiles.utf8(Objects.requireNonNull(in));
  }

  /** The text of standard input, at most {@code maxBytes}. */
  SourceFile read(int maxBytes) {
    byte[] bytes;
    try {
      bytes = Objects.requireNonNull(in).readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new UserException(NAME + ": cannot read: " + e.getMessage());
    }
    try {
      if (bytes.length > maxBytes) {
        throw new UserException(NAME + ": " + TextFiles.tooLarge(maxBytes));
      }
      return new SourceFile(NAME, TextFiles.decode(NAME, bytes));
    } catch (TextFileException e) {
      throw new UserException(e.getMessage());
    }
  }
}
