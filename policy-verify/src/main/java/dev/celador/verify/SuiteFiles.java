package dev.celador.verify;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds test suites: files named {@code *_test.yaml} (or {@code .yml}) in the directories given,
 * walked recursively in name order; hidden and {@code testdata} directories are skipped, as the
 * policy loader skips them. A file given by name is a suite whatever it is called.
 */
public final class SuiteFiles {

  /** The suites found, and the paths that could not be read. */
  public record Listing(List<Path> suites, List<Diagnostic> problems) {
    public Listing {
      suites = List.copyOf(suites);
      problems = List.copyOf(problems);
    }
  }

  private final List<Path> suites = new ArrayList<>();
  private final List<Diagnostic> problems = new ArrayList<>();
  private final Set<Path> seen = new HashSet<>();

  private SuiteFiles() {}

  public static Listing find(List<Path> paths) {
    SuiteFiles finder = new SuiteFiles();
    paths.forEach(finder::visitGiven);
    return new Listing(finder.suites, finder.problems);
  }

  /** Whether a file name is a suite's: {@code orders_test.yaml}, {@code orders_test.yml}. */
  public static boolean isSuiteName(String name) {
    return name.endsWith("_test.yaml") || name.endsWith("_test.yml");
  }

  private void visitGiven(Path path) {
    String name = TextFiles.displayName(path);
    if (!Files.exists(path)) {
      problem(name, "no such file or directory: " + name);
    } else if (Files.isDirectory(path)) {
      walk(path);
    } else {
      add(path);
    }
  }

  private void walk(Path directory) {
    List<Path> children;
    try (Stream<Path> entries = Files.list(directory)) {
      children =
          entries
              .map(child -> child(directory, child))
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    } catch (IOException | SecurityException e) {
      problem(TextFiles.displayName(directory), "cannot list directory " + directory);
      return;
    }
    for (Path child : children) {
      String fileName = child.getFileName().toString();
      if (Files.isDirectory(child)) {
        if (!fileName.startsWith(".") && !fileName.equals("testdata") && firstVisit(child)) {
          walk(child);
        }
      } else if (isSuiteName(fileName) && !fileName.startsWith(".")) {
        add(child);
      }
    }
  }

  /** {@code dir/name}, but just {@code name} under ".", so suites read "policies/x_test.yaml". */
  private static Path child(Path directory, Path child) {
    Path name = child.getFileName();
    return directory.normalize().toString().isEmpty() ? name : directory.resolve(name);
  }

  /** False for a directory already walked, which a symbolic link loop would otherwise repeat. */
  private boolean firstVisit(Path directory) {
    try {
      return seen.add(directory.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private void add(Path path) {
    if (seen.add(path.toAbsolutePath().normalize())) {
      suites.add(path);
    }
  }

  private void problem(String name, String message) {
    problems.add(Diagnostic.error(SuiteError.IO_ERROR, SourceLocation.startOf(name), message));
  }
}
