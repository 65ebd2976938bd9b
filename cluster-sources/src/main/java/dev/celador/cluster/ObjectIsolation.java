package dev.celador.cluster;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Loads custom resources so that one invalid object never blocks the others: an object whose
 * current version does not compile is left out, and the version of it that last compiled stands in
 * for it; an object that never compiled is simply not loaded. Every other object loads at its
 * current version.
 *
 * <p>Why the last good version rather than nothing: dropping an object can open access. A broken
 * edit of a DENY policy would remove the denial, of an ALLOW policy could leave its target to the
 * default action, of a JwtAuthentication would stop requiring tokens, of a RateLimitPolicy would
 * lift the limit. Keeping what was in force is the fail-safe choice (and what Istio users know).
 * Deleting an object removes it: that is what its author asked for.
 *
 * @param <R> what a successful compilation yields (a policy count, a compiled set)
 */
final class ObjectIsolation<R> {

  /** What compiling a list of documents gave: a result, or errors naming their sources. */
  record Compiled<R>(Optional<R> result, List<Diagnostic> diagnostics) {}

  /**
   * The outcome of one load.
   *
   * @param result empty only when an error could not be pinned on any object
   * @param refused every object left out, by source name, with its problems
   * @param loaded the objects loaded at their current version
   * @param standingIn the refused objects whose last good version is loaded in their place
   * @param unattributed problems no object could be blamed for (the load failed as a whole)
   */
  record Outcome<R>(
      Optional<R> result,
      Map<String, List<String>> refused,
      Set<String> loaded,
      Set<String> standingIn,
      List<String> unattributed) {}

  private final Map<String, SourceFile> lastGood = new HashMap<>();

  /**
   * Compiles {@code sources} with {@code compiler}, leaving out each object that fails; {@code
   * refusedEarly} names objects already refused without compiling (by source name), which are left
   * out the same way. The compiler may install what compiled: only its last call succeeds.
   */
  Outcome<R> load(
      List<SourceFile> sources,
      Map<String, List<String>> refusedEarly,
      Function<List<SourceFile>, Compiled<R>> compiler) {
    Map<String, SourceFile> current = new TreeMap<>();
    sources.forEach(s -> current.put(s.name(), s));
    Map<String, SourceFile> using = new TreeMap<>(current);
    Map<String, List<String>> refused = new TreeMap<>();
    refusedEarly.forEach(
        (name, problems) -> {
          if (current.containsKey(name)) {
            refused.put(name, List.copyOf(problems));
            standIn(name, current, using);
          }
        });
    // Each round removes or replaces at least one object, so this ends.
    for (int round = 0; round <= current.size(); round++) {
      Compiled<R> compiled = compiler.apply(List.copyOf(using.values()));
      if (compiled.result().isPresent()) {
        Set<String> loaded = new TreeSet<>();
        using.forEach(
            (name, source) -> {
              if (source.equals(current.get(name))) {
                lastGood.put(name, source);
                loaded.add(name);
              }
            });
        lastGood.keySet().retainAll(current.keySet());
        Set<String> standingIn = new TreeSet<>(refused.keySet());
        standingIn.retainAll(using.keySet());
        return new Outcome<>(compiled.result(), refused, loaded, standingIn, List.of());
      }
      Map<String, List<Diagnostic>> byObject = errorsByObject(compiled.diagnostics(), using);
      if (byObject.isEmpty()) {
        return new Outcome<>(
            Optional.empty(),
            refused,
            Set.of(),
            Set.of(),
            Problems.describe(compiled.diagnostics(), using));
      }
      byObject.forEach(
          (name, errors) -> {
            SourceFile failed = using.get(name);
            if (failed.equals(current.get(name))) {
              refused.put(name, Problems.describe(errors, Map.of(name, failed)));
              standIn(name, current, using);
            } else {
              // Its last good version no longer compiles either (next to today's objects).
              using.remove(name);
            }
          });
    }
    return new Outcome<>(
        Optional.empty(), refused, Set.of(), Set.of(), List.of("objects kept failing"));
  }

  /** Puts the last good version of {@code name} in place of its current one, or leaves it out. */
  private void standIn(
      String name, Map<String, SourceFile> current, Map<String, SourceFile> using) {
    SourceFile good = lastGood.get(name);
    if (good != null && !good.equals(current.get(name))) {
      using.put(name, good);
    } else {
      using.remove(name);
    }
  }

  private static Map<String, List<Diagnostic>> errorsByObject(
      List<Diagnostic> diagnostics, Map<String, SourceFile> using) {
    Map<String, List<Diagnostic>> byObject = new TreeMap<>();
    for (Diagnostic d : diagnostics) {
      if (d.isError() && using.containsKey(d.location().file())) {
        byObject.computeIfAbsent(d.location().file(), k -> new ArrayList<>()).add(d);
      }
    }
    return byObject;
  }
}
