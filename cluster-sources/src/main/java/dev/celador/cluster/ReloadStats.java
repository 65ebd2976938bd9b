package dev.celador.cluster;

import java.util.List;

/**
 * Reload counts of a cluster source since it started, and the problems of the latest failed load
 * (empty once a load succeeds again).
 */
public record ReloadStats(long succeeded, long failed, List<String> lastProblems) {

  public ReloadStats {
    lastProblems = List.copyOf(lastProblems);
  }
}
