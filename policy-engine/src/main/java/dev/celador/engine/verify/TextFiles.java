package dev.celador.engine.verify;

import dev.celador.engine.source.SourceFile;
import dev.celador.engine.source.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads suites and fixtures: UTF-8 text of bounded size, named as the user wrote the path. */
final class TextFiles {

  /** A suite or fixture larger than this is refused before it is read. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private TextFiles() {}

  /** The file at {@code path}; problems are reported at {@code at} (the file, or a reference). */
  static SourceFile read(Path path, String name, SourceLocation at) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new SuiteError(SuiteError.IO_ERROR, at, "cannot read " + name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new SuiteError(SuiteError.IO_ERROR, at, "cannot read " + name + ": permission denied");
    } catch (IOException e) {
      throw new SuiteError(SuiteError.IO_ERROR, at, "cannot read " + name + ": " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new SuiteError(
          SuiteError.IO_ERROR, at, name + " is larger than the limit of " + MAX_BYTES + " bytes");
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return new SourceFile(name, text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (CharacterCodingException e) {
      throw new SuiteError(SuiteError.IO_ERROR, at, name + " is not UTF-8 text");
    }
  }

  /** The path as the user wrote it, with '/' separators on every platform. */
  static String displayName(Path path) {
    return path.toString().replace(java.io.File.separatorChar, '/');
  }
}
