package dev.celador.cluster;

import java.util.List;

/**
 * Reload counts of a cluster source since it started, and the problems of the latest load: those of
 * the objects it left out, or of a load that failed as a whole (empty once every object loads).
 */
public record ReloadStats(long succeeded, long failed, List<String> lastProblems) {

  public ReloadStats {
    lastProblems = List.copyOf(lastProblems);
  }
}
