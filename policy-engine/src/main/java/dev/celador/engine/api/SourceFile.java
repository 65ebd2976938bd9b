package dev.celador.engine.api;

import java.util.List;

/** The text of one policy file, kept so diagnostics can quote the offending line. */
public record SourceFile(String name, String text) {

  public SourceFile {
    if (name == null || text == null) {
      throw new IllegalArgumentException("name and text must not be null");
    }
  }

  /** The 1-based line {@code line} without its line terminator, or "" when out of range. */
  public String line(int line) {
    List<String> lines = text.lines().toList();
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
