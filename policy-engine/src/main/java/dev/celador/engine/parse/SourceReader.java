package dev.celador.engine.parse;

import dev.celador.engine.source.Diagnostic;
import dev.celador.engine.source.SourceFile;
import dev.celador.engine.source.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one policy file as UTF-8 text, refusing what is not a policy before any YAML parsing: files
 * too large to be one (checked before reading, so a huge file is never loaded into memory) and
 * binary files.
 */
final class SourceReader {

  static final String BINARY_FILE = "binary_file";

  /** Either the file's text or why it could not be used; {@code ioError} if it was unreadable. */
  record Read(SourceFile source, Diagnostic problem, boolean ioError) {}

  Read read(Path path, String name) {
    SourceLocation start = SourceLocation.startOf(name);
    byte[] bytes;
    try {
      if (Files.size(path) > YamlLimits.MAX_FILE_BYTES) {
        return problem(YamlErrors.tooLarge(start));
      }
      // Bounded read: the size can change after the check, and devices report no size at all.
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes(YamlLimits.MAX_FILE_BYTES + 1);
      }
    } catch (IOException | SecurityException e) {
      Diagnostic error =
          Diagnostic.error(
              PolicyFiles.IO_ERROR, start, "cannot read " + name + ": " + PolicyFiles.reason(e));
      return new Read(null, error, true);
    }
    if (bytes.length > YamlLimits.MAX_FILE_BYTES) {
      return problem(YamlErrors.tooLarge(start));
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return problem(
            Diagnostic.error(
                BINARY_FILE,
                start,
                "not a text file: it contains a NUL byte at offset " + i + "; policies are UTF-8"));
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      return problem(
          Diagnostic.error(
              BINARY_FILE,
              start,
              "not valid UTF-8 text: bad byte at offset "
                  + in.position()
                  + "; policies are UTF-8"));
    }
    String text = out.flip().toString();
    // A byte order mark is legal in YAML but invisible in editors; drop it so columns match.
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new Read(new SourceFile(name, text), null, false);
  }

  private static Read problem(Diagnostic diagnostic) {
    return new Read(null, diagnostic, false);
  }
}
