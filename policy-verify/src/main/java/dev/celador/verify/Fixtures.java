package dev.celador.verify;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import dev.celador.verify.request.InputNode;
import dev.celador.verify.request.RequestFileException;
import dev.celador.verify.request.YamlTreeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture files of one suite. A name without a '/' is looked up in the suite's fixtures folder
 * ({@code testdata/} next to the suite unless it says otherwise), with or without its extension
 * ({@code .yaml}, {@code .yml} or {@code .json}); a name with a '/' is a path relative to the
 * suite. JSON fixtures are read by the YAML reader, since JSON is YAML.
 */
final class Fixtures {

  /** A fixture's file name, as diagnostics show it, and its content. */
  record Fixture(String file, InputNode tree) {}

  static final String DEFAULT_FOLDER = "testdata";
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

  private final Path suiteFolder;
  private final Path folder;
  private final Map<String, SourceFile> read = new LinkedHashMap<>();

  Fixtures(Path suiteFile, String folder) {
    Path parent = suiteFile.getParent();
    this.suiteFolder = parent == null ? Path.of("") : parent;
    this.folder = suiteFolder.resolve(folder);
  }

  /** The parsed content of fixture {@code name}, which the suite mentions at {@code at}. */
  Fixture load(String name, SourceLocation at) {
    Path path = find(name, at);
    String display = TextFiles.displayName(path);
    SourceFile source;
    try {
      source = TextFiles.read(path, display, SuiteReader.MAX_BYTES);
    } catch (TextFileException e) {
      throw SuiteError.from(e, at);
    }
    read.put(display, source);
    try {
      return new Fixture(display, new YamlTreeReader(display, "a fixture").read(source.text()));
    } catch (RequestFileException e) {
      throw SuiteError.from(e, display);
    }
  }

  /** Every fixture read so far, by name, so diagnostics in them can quote their lines. */
  Map<String, SourceFile> sources() {
    return Map.copyOf(read);
  }

  private Path find(String name, SourceLocation at) {
    if (name.isBlank()) {
      throw new SuiteError(SuiteError.INVALID_SUITE, at, "a fixture name must not be empty");
    }
    List<Path> candidates = new ArrayList<>();
    if (name.contains("/")) {
      candidates.add(suiteFolder.resolve(name).normalize());
    } else {
      candidates.add(folder.resolve(name).normalize());
      if (!hasExtension(name)) {
        EXTENSIONS.forEach(ext -> candidates.add(folder.resolve(name + ext).normalize()));
      }
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    Path where = candidates.get(0).getParent();
    List<String> tried = candidates.stream().map(c -> c.getFileName().toString()).toList();
    throw new SuiteError(
        SuiteError.MISSING_FIXTURE,
        at,
        "fixture '"
            + name
            + "' not found: no "
            + String.join(", ", tried)
            + " in "
            + (where == null ? "." : TextFiles.displayName(where)));
  }

  private static boolean hasExtension(String name) {
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }
}
