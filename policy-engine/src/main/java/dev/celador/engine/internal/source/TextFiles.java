package dev.celador.engine.internal.source;

import dev.celador.engine.api.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one reader of the text files users give celador (policies, test suites and fixtures, request
 * files): strict UTF-8 of bounded size. The read itself is bounded (a file can grow after a size
 * check, and devices report no size), so a huge file is never loaded whole. A NUL byte means a
 * binary file; bytes that are not UTF-8 are refused, never replaced. Every problem names the file,
 * and for bad bytes their offset and line.
 */
public final class TextFiles {

  private TextFiles() {}

  /** The text of {@code path}, named {@code name} (as the user wrote it) in problems. */
  public static SourceFile read(Path path, String name, int maxBytes) throws TextFileException {
    byte[] bytes;
    try {
      if (Files.isDirectory(path)) {
        throw unreadable(name, "is a directory, not a file");
      }
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes(maxBytes + 1);
      }
    } catch (NoSuchFileException e) {
      throw unreadable(name, "no such file");
    } catch (AccessDeniedException | SecurityException e) {
      throw unreadable(name, "permission denied");
    } catch (IOException e) {
      throw unreadable(name, "cannot read: " + e.getMessage());
    }
    if (bytes.length > maxBytes) {
      throw new TextFileException(TextFileException.Problem.TOO_LARGE, name, tooLarge(maxBytes));
    }
    return new SourceFile(name, decode(name, bytes));
  }

  /** {@code bytes} as text, without a leading byte order mark. */
  public static String decode(String name, byte[] bytes) throws TextFileException {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw notText(name, "not a text file: a NUL byte", bytes, i);
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
      throw notText(name, "not UTF-8 text: a bad byte", bytes, in.position());
    }
    String text = out.flip().toString();
    // A byte order mark is legal but invisible in editors; drop it so columns match.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Why a file of more than {@code maxBytes} is refused. */
  public static String tooLarge(int maxBytes) {
    String mib = maxBytes % (1024 * 1024) == 0 ? " (" + maxBytes / (1024 * 1024) + " MiB)" : "";
    return "file is larger than the limit of " + maxBytes + " bytes" + mib;
  }

  /** The path as the user wrote it, with '/' separators on every platform. */
  public static String displayName(Path path) {
    return path.toString().replace(java.io.File.separatorChar, '/');
  }

  private static TextFileException unreadable(String name, String detail) {
    return new TextFileException(TextFileException.Problem.UNREADABLE, name, detail);
  }

  private static TextFileException notText(String name, String what, byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return new TextFileException(
        TextFileException.Problem.NOT_TEXT,
        name,
        what + " at offset " + offset + " (line " + line + ")");
  }
}
