package dev.celador.verify;

import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves one entry of a suite's {@code policies} against the suite's folder. A plain entry names
 * a file or directory (which the loader walks); an entry with any of the characters * ? [ or { is a
 * glob, matched against YAML files below the entry's fixed leading folders, in name order. Globs
 * never match test suites, {@code testdata} folders or hidden files.
 */
final class PolicyPaths {

  private static final String GLOB_CHARS = "*?[{";

  private PolicyPaths() {}

  /** The paths {@code entry} names; fails at {@code at} when it names nothing. */
  static List<Path> resolve(Path suiteFile, String entry, SourceLocation at) {
    Path folder = parent(suiteFile);
    if (entry.isBlank()) {
      throw new SuiteError(SuiteError.INVALID_SUITE, at, "a policies entry must not be empty");
    }
    if (!isGlob(entry)) {
      Path path = normalize(folder.resolve(entry));
      if (!Files.exists(path)) {
        throw new SuiteError(
            SuiteError.NO_POLICIES,
            at,
            "policies: no such file or directory: " + TextFiles.displayName(path));
      }
      return List.of(path);
    }
    List<Path> matches = glob(folder, entry);
    if (matches.isEmpty()) {
      throw new SuiteError(
          SuiteError.NO_POLICIES, at, "policies: '" + entry + "' matches no policy files");
    }
    return matches;
  }

  static boolean isGlob(String entry) {
    return entry.chars().anyMatch(c -> GLOB_CHARS.indexOf(c) >= 0);
  }

  private static List<Path> glob(Path folder, String entry) {
    String[] segments = entry.split("/");
    Path base = folder;
    int first = 0;
    while (first < segments.length - 1 && !isGlob(segments[first])) {
      base = base.resolve(segments[first]);
      first++;
    }
    String pattern = String.join("/", List.of(segments).subList(first, segments.length));
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    Path root = base;
    List<Path> matches = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .filter(file -> isCandidate(root.relativize(file)))
          .filter(file -> matcher.matches(root.relativize(file)))
          .map(PolicyPaths::normalize)
          .sorted()
          .forEach(matches::add);
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
    return matches;
  }

  /** A YAML file that is not a suite, not hidden and not under testdata. */
  private static boolean isCandidate(Path relative) {
    for (Path segment : relative) {
      String name = segment.toString();
      if (name.startsWith(".") || name.equals("testdata")) {
        return false;
      }
    }
    String name = relative.getFileName().toString();
    return (name.endsWith(".yaml") || name.endsWith(".yml")) && !SuiteFiles.isSuiteName(name);
  }

  private static Path parent(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }

  /** Normalized, keeping a relative path relative and never empty. */
  private static Path normalize(Path path) {
    Path normal = path.normalize();
    return normal.toString().isEmpty() ? Path.of(".") : normal;
  }
}
