package dev.celador.engine.internal.source;

import java.util.Comparator;

/**
 * A position in a policy file. Line and column are 1-based, as editors and compilers print them.
 *
 * @param file the path as the user gave it (relative paths stay relative)
 */
public record SourceLocation(String file, int line, int column)
    implements Comparable<SourceLocation> {

  private static final Comparator<SourceLocation> ORDER =
      Comparator.comparing(SourceLocation::file)
          .thenComparingInt(SourceLocation::line)
          .thenComparingInt(SourceLocation::column);

  public SourceLocation {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "line and column are 1-based, got " + line + ":" + column + " in " + file);
    }
  }

  /** The first character of a file, for problems that concern the whole file. */
  public static SourceLocation startOf(String file) {
    return new SourceLocation(file, 1, 1);
  }

  /** This location moved right by {@code columns} characters on the same line. */
  public SourceLocation plusColumns(int columns) {
    return new SourceLocation(file, line, column + columns);
  }

  @Override
  public int compareTo(SourceLocation other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
