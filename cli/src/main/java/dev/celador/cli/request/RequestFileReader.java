package dev.celador.cli.request;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import dev.celador.verify.request.InputNode;
import dev.celador.verify.request.RequestFileException;
import dev.celador.verify.request.RequestForms;
import dev.celador.verify.request.YamlTreeReader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a request file into an {@link AuthzRequest}. JSON or YAML, detected from the content; an
 * Envoy CheckRequest when the top level has {@code attributes}, else the compact form (see {@link
 * dev.celador.verify.request.CompactRequestMapper}).
 */
public final class RequestFileReader {

  /** Request files larger than this are refused: a request is small, and the file is read whole. */
  public static final int MAX_BYTES = 1024 * 1024;

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
    try {
      return TextFiles.read(path, name, MAX_BYTES).text();
    } catch (TextFileException e) {
      throw new RequestFileException(e.getMessage(), e);
    }
  }
}
