package dev.celador.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the latest load made of each custom resource, by source name ({@link
 * CustomResourceYaml#sourceName}): the objects loaded at their current version, those left out with
 * their problems, and which of those still act through their last good version. An object in
 * neither set was not judged (the load failed as a whole).
 */
public record Verdicts(
    Set<String> loaded, Map<String, List<String>> refused, Set<String> standingIn) {

  static final Verdicts NONE = new Verdicts(Set.of(), Map.of(), Set.of());

  public Verdicts {
    loaded = Set.copyOf(loaded);
    refused = Map.copyOf(refused);
    standingIn = Set.copyOf(standingIn);
  }

  static Verdicts of(ObjectIsolation.Outcome<?> outcome) {
    return new Verdicts(outcome.loaded(), outcome.refused(), outcome.standingIn());
  }

  /** Every problem of every refused object, in the objects' order. */
  List<String> problems() {
    return new TreeMap<>(refused).values().stream().flatMap(List::stream).toList();
  }
}
