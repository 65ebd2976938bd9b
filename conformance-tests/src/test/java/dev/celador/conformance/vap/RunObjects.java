package dev.celador.conformance.vap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects a differential run creates in the cluster, deleted again (newest first) when it ends,
 * so a reused cluster carries no policy, binding or webhook of an earlier run into the next.
 */
final class RunObjects {

  private final ApiServer api;
  private final List<Map<String, Object>> created = new ArrayList<>();

  RunObjects(ApiServer api) {
    this.api = api;
  }

  /** Creates {@code object} and remembers it for {@link #tearDown}. */
  void apply(Map<String, Object> object) {
    api.apply(object);
    created.add(object);
  }

  /** Deletes {@code object} now. */
  void delete(Map<String, Object> object) {
    api.delete(object);
    created.remove(object);
  }

  /** Deletes what is left, newest first; a failed delete is reported and does not stop the rest. */
  void tearDown() {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        api.delete(created.get(i));
      } catch (RuntimeException e) {
        System.err.println("cleanup: " + e.getMessage());
      }
    }
    created.clear();
  }
}
