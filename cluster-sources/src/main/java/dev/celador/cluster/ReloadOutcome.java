package dev.celador.cluster;

import java.util.List;

/**
 * What one reload of cluster policies did.
 *
 * @param compiled false when the policies had not changed and only params or Namespaces did
 * @param succeeded whether the new policies are active; false means the last good set stayed
 * @param policyCount policies and bindings now active (-1 before any load succeeded)
 * @param problems every error, one line each, naming the object and the field
 */
public record ReloadOutcome(
    boolean compiled, boolean succeeded, int policyCount, List<String> problems) {

  public ReloadOutcome {
    problems = List.copyOf(problems);
  }
}
