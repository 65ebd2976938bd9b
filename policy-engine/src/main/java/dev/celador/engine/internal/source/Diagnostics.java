package dev.celador.engine.internal.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects diagnostics across a whole load, so a user sees every problem in one run rather than one
 * per run. De-duplicates, sorts and caps the list.
 */
public final class Diagnostics {

  /** Past this many, further problems are summarised in one line instead of listed. */
  public static final int DEFAULT_LIMIT = 100;

  private final Set<Diagnostic> items = new LinkedHashSet<>();
  private final int limit;
  private int dropped;

  public Diagnostics() {
    this(DEFAULT_LIMIT);
  }

  public Diagnostics(int limit) {
    this.limit = limit;
  }

  public void add(Diagnostic diagnostic) {
    if (items.size() >= limit && !items.contains(diagnostic)) {
      dropped++;
      return;
    }
    items.add(diagnostic);
  }

  public void error(String code, SourceLocation location, String message) {
    add(Diagnostic.error(code, location, message));
  }

  public void addAll(List<Diagnostic> diagnostics) {
    diagnostics.forEach(this::add);
  }

  public boolean hasErrors() {
    return dropped > 0 || items.stream().anyMatch(Diagnostic::isError);
  }

  public boolean isEmpty() {
    return items.isEmpty() && dropped == 0;
  }

  /** Sorted by file, line, column; a final {@code too_many_errors} entry if some were dropped. */
  public List<Diagnostic> toList() {
    List<Diagnostic> sorted = new ArrayList<>(items);
    sorted.sort(null);
    if (dropped > 0) {
      SourceLocation last = sorted.get(sorted.size() - 1).location();
      sorted.add(
          Diagnostic.error(
              "too_many_errors", last, dropped + " more problems not shown (limit " + limit + ")"));
    }
    return List.copyOf(sorted);
  }
}
