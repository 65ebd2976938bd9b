package dev.celador.cli.request;

import dev.celador.engine.eval.AuthzRequest;
import dev.celador.engine.verify.request.InputNode;
import dev.celador.engine.verify.request.RequestFileException;
import dev.celador.engine.verify.request.RequestForms;
import dev.celador.engine.verify.request.YamlTreeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a request file into an {@link AuthzRequest}. JSON or YAML, detected from the content; an
 * Envoy CheckRequest when the top level has {@code attributes}, else the compact form (see {@link
 * dev.celador.engine.verify.request.CompactRequestMapper}).
 */
public final class RequestFileReader {

  /** Request files larger than this are refused: a request is small, and the file is read whole. */
  public static final long MAX_BYTES = 1024 * 1024;

  /** Reads {@code path}; errors name the file as given. */
  public AuthzRequest read(Path path) {
    String name = path.toString();
    return parse(name, readText(path, name));
  }

  /** Parses request text; {@code name} is used in error messages. */
  public AuthzRequest parse(String name, String text) {
    InputNode root =
        looksLikeJson(name, text)
            ? new JsonTreeReader(name).read(text)
            : new YamlTreeReader(name).read(text);
    if (!root.isObject()) {
      throw RequestFileException.at(
          name,
          root.position(),
          "a request file must hold an object, found " + root.kind().description());
    }
    return RequestForms.toRequest(name, root);
  }

  private static boolean looksLikeJson(String name, String text) {
    if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return true;
    }
    String start = text.stripLeading();
    return start.startsWith("{") || start.startsWith("[");
  }

  private static String readText(Path path, String name) {
    byte[] bytes;
    try {
      if (Files.isDirectory(path)) {
        throw new RequestFileException(name + ": is a directory, not a request file");
      }
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new RequestFileException(tooLarge(name, size));
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new RequestFileException(name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new RequestFileException(name + ": permission denied", e);
    } catch (IOException e) {
      throw new RequestFileException(name + ": cannot read: " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      // The file grew between the size check and the read.
      throw new RequestFileException(tooLarge(name, bytes.length));
    }
    return decode(name, bytes);
  }

  private static String tooLarge(String name, long size) {
    return name
        + ": the request file is "
        + size
        + " bytes; the limit is "
        + MAX_BYTES
        + " bytes (1 MiB)";
  }

  private static String decode(String name, byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new RequestFileException(name + ": not UTF-8 text", e);
    }
  }
}
