package dev.celador.engine.internal.source;

import java.util.Arrays;

/**
 * Where each character of a text taken from a file came from: the file position of every UTF-16
 * index of the text, and of its end. A YAML scalar's value is not a copy of the file's characters
 * (quotes, escapes, indentation and folded line breaks are gone), so positions are recorded while
 * the value is read again from the file, one character at a time.
 *
 * <p>Stored as runs: a run starts at a text index and a file position, and each following character
 * is one column further right on the same line. A one-line value is one run; a block scalar is
 * about one run per line.
 */
public final class PositionMap {

  private final String file;
  private final int length;
  private final int[] runStarts;
  private final int[] lines;
  private final int[] columns;
  private final SourceLocation end;

  private PositionMap(String file, int length, int[] runs, int count, SourceLocation end) {
    this.file = file;
    this.length = length;
    this.runStarts = new int[count];
    this.lines = new int[count];
    this.columns = new int[count];
    for (int i = 0; i < count; i++) {
      runStarts[i] = runs[3 * i];
      lines[i] = runs[3 * i + 1];
      columns[i] = runs[3 * i + 2];
    }
    this.end = end;
  }

  /** A text of {@code length} characters written on one line from {@code start}. */
  public static PositionMap contiguous(SourceLocation start, int length) {
    Builder builder = new Builder(start.file());
    for (int i = 0; i < length; i++) {
      builder.add(start.line(), start.column() + i);
    }
    return builder.build(start.plusColumns(length));
  }

  /** A text of {@code length} characters that can only be placed as a whole, at {@code start}. */
  public static PositionMap all(SourceLocation start, int length) {
    Builder builder = new Builder(start.file());
    for (int i = 0; i < length; i++) {
      builder.add(start.line(), start.column());
    }
    return builder.build(start);
  }

  /** The number of characters mapped. */
  public int length() {
    return length;
  }

  /**
   * The file position of the character at {@code index}; the end position for an index at or past
   * the end of the text (where a parser reports an unexpected end), the first for a negative one.
   */
  public SourceLocation at(int index) {
    if (index >= length) {
      return end;
    }
    int i = Math.max(index, 0);
    int run = Arrays.binarySearch(runStarts, i);
    if (run < 0) {
      run = -run - 2;
    }
    return new SourceLocation(file, lines[run], columns[run] + (i - runStarts[run]));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PositionMap other
        && file.equals(other.file)
        && length == other.length
        && Arrays.equals(runStarts, other.runStarts)
        && Arrays.equals(lines, other.lines)
        && Arrays.equals(columns, other.columns)
        && end.equals(other.end);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(runStarts) + 17 * Arrays.hashCode(lines) + end.hashCode();
  }

  @Override
  public String toString() {
    return "PositionMap[" + length + " chars from " + (length == 0 ? end : at(0)) + "]";
  }

  /** Collects the position of each character in order, then the end. */
  public static final class Builder {

    private final String file;
    private int[] runs = new int[3 * 8];
    private int count;
    private int length;

    public Builder(String file) {
      this.file = file;
    }

    /** The next character of the text is at 1-based {@code line} and {@code column}. */
    public void add(int line, int column) {
      boolean continues =
          count > 0
              && runs[3 * (count - 1) + 1] == line
              && runs[3 * (count - 1) + 2] + (length - runs[3 * (count - 1)]) == column;
      if (!continues) {
        if (3 * count == runs.length) {
          runs = Arrays.copyOf(runs, runs.length * 2);
        }
        runs[3 * count] = length;
        runs[3 * count + 1] = line;
        runs[3 * count + 2] = column;
        count++;
      }
      length++;
    }

    /** The characters added so far. */
    public int length() {
      return length;
    }

    /** The map, with {@code end} as the position just past the text. */
    public PositionMap build(SourceLocation end) {
      return new PositionMap(file, length, runs, count, end);
    }
  }
}
