package dev.celador.engine.internal.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads the lists of named items policies are made of: rules, limits, issuers. */
final class ListReader {

  private ListReader() {}

  /**
   * Every item of a required, non-empty list, each read by {@code itemReader}. Empty when the value
   * is not a list, the list is empty, or any item failed; each problem is reported where it is.
   *
   * @param noun what one item is called in messages, e.g. "rule"
   */
  static <T> Optional<List<T>> nonEmpty(
      Value value, String noun, Function<Value, Optional<T>> itemReader) {
    Optional<List<Value>> items = value.asList();
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      value.reporter().invalid(value.location(), value.path(), "must list at least one " + noun);
      return Optional.empty();
    }
    List<T> result = new ArrayList<>();
    boolean complete = true;
    for (Value item : items.get()) {
      Optional<T> read = itemReader.apply(item);
      read.ifPresent(result::add);
      complete &= read.isPresent();
    }
    return complete ? Optional.of(result) : Optional.empty();
  }

  /**
   * The names used so far in one list. Names identify items in decisions, traces, metrics and keys,
   * so a second use is an error at its own position that points at the first.
   */
  static final class UniqueNames {
    private final String noun;
    private final Map<String, Value> seen = new HashMap<>();

    UniqueNames(String noun) {
      this.noun = noun;
    }

    /** {@code name}, or empty after reporting {@code duplicate_name} at {@code where}. */
    Optional<String> claim(String name, Value where) {
      Value first = seen.putIfAbsent(name, where);
      if (first == null) {
        return Optional.of(name);
      }
      where
          .reporter()
          .error(
              Reporter.DUPLICATE_NAME,
              where.location(),
              where.path()
                  + ": duplicate "
                  + noun
                  + " '"
                  + name
                  + "'; first used at line "
                  + first.location().line());
      return Optional.empty();
    }
  }
}
