package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands the paths a user gave into the policy files to read: files as given, directories walked
 * recursively in name order so that loads are reproducible across machines.
 */
final class PolicyFiles {

  /** A file to read and the name diagnostics use for it. */
  record PolicyFile(Path path, String name) {}

  /** The files found, and paths that could not be read at all. */
  record Listing(List<PolicyFile> files, List<Diagnostic> problems) {}

  static final String IO_ERROR = "io_error";

  private final List<PolicyFile> files = new ArrayList<>();
  private final List<Diagnostic> problems = new ArrayList<>();
  private final Set<Path> seenFiles = new HashSet<>();
  private final Set<Path> seenDirectories = new HashSet<>();

  static Listing list(List<Path> paths) {
    PolicyFiles walker = new PolicyFiles();
    paths.forEach(walker::visitGiven);
    return new Listing(List.copyOf(walker.files), List.copyOf(walker.problems));
  }

  /** Whether a file found while walking a directory is a policy (not a test suite). */
  static boolean isPolicyFileName(String name) {
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    return yaml && !isTestSuiteName(name) && !isHidden(name);
  }

  /** Whether a file name is a test suite's ({@code *_test.yaml}). */
  static boolean isTestSuiteName(String name) {
    return name.endsWith("_test.yaml") || name.endsWith("_test.yml");
  }

  /** Skipped while walking: hidden entries ({@code .git}) and test fixtures ({@code testdata}). */
  static boolean isSkippedDirectoryName(String name) {
    return isHidden(name) || name.equals("testdata");
  }

  private static boolean isHidden(String name) {
    return name.startsWith(".");
  }

  private void visitGiven(Path path) {
    String name = TextFiles.displayName(path);
    if (!Files.exists(path)) {
      problems.add(
          Diagnostic.error(
              IO_ERROR, SourceLocation.startOf(name), "no such file or directory: " + name));
    } else if (Files.isDirectory(path)) {
      walk(path, name);
    } else {
      // A file named explicitly is read whatever its name: the user asked for it.
      add(path, name);
    }
  }

  private void walk(Path directory, String name) {
    if (!firstVisit(directory, name)) {
      return;
    }
    List<Path> children;
    try (Stream<Path> entries = Files.list(directory)) {
      children = entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException | SecurityException e) {
      problems.add(
          Diagnostic.error(
              IO_ERROR,
              SourceLocation.startOf(name),
              "cannot list directory " + name + ": " + reason(e)));
      return;
    }
    for (Path child : children) {
      String childName = name + "/" + child.getFileName();
      String fileName = child.getFileName().toString();
      if (Files.isDirectory(child)) {
        if (!isSkippedDirectoryName(fileName)) {
          walk(child, childName);
        }
      } else if (isPolicyFileName(fileName) && Files.isRegularFile(child)) {
        add(child, childName);
      }
    }
  }

  /** False for a directory already walked, which a symbolic link loop would otherwise repeat. */
  private boolean firstVisit(Path directory, String name) {
    try {
      return seenDirectories.add(directory.toRealPath());
    } catch (IOException | SecurityException e) {
      problems.add(
          Diagnostic.error(
              IO_ERROR,
              SourceLocation.startOf(name),
              "cannot read directory " + name + ": " + reason(e)));
      return false;
    }
  }

  private void add(Path path, String name) {
    // The same file given twice (or as a file and inside a directory) is read once.
    if (seenFiles.add(path.toAbsolutePath().normalize())) {
      files.add(new PolicyFile(path, name));
    }
  }

  /** Why an I/O operation failed, in words; Java's messages are often just the path. */
  static String reason(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException || e instanceof SecurityException) {
      return "permission denied";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
