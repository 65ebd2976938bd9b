package dev.celador.cluster;

import java.util.List;

/**
 * What one reload of cluster policies did.
 *
 * @param compiled false when the policies had not changed and only params or Namespaces did
 * @param succeeded whether a new set is active (objects that do not compile left out of it); false
 *     means no error could be pinned on an object and the last good set stayed as a whole
 * @param policyCount policies and bindings now active (-1 before any load succeeded)
 * @param problems every error, one line each, naming the object and the field: those of the objects
 *     left out, or (when not succeeded) of the whole load
 * @param leftOut how many objects the new set leaves out
 */
public record ReloadOutcome(
    boolean compiled, boolean succeeded, int policyCount, List<String> problems, int leftOut) {

  public ReloadOutcome {
    problems = List.copyOf(problems);
  }

  /** An outcome that leaves no object out. */
  public ReloadOutcome(
      boolean compiled, boolean succeeded, int policyCount, List<String> problems) {
    this(compiled, succeeded, policyCount, problems, 0);
  }
}
