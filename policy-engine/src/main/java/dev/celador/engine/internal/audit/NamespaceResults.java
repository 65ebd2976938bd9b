package dev.celador.engine.internal.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The results kept for one namespace's report (the cluster's, for cluster-scoped objects). A report
 * is one API object, and etcd refuses objects over about 1.5 MB, so at most {@code limit} results
 * are kept: every fail, warn and error first, passes while there is room (a later problem pushes
 * out a pass). The summary counts every result regardless.
 */
public final class NamespaceResults {

  private final int limit;
  private final List<AuditEntry> problems = new ArrayList<>();
  private final List<AuditEntry> passes = new ArrayList<>();
  private final AuditSummary summary = new AuditSummary();

  NamespaceResults(int limit) {
    this.limit = limit;
  }

  void add(AuditEntry entry) {
    summary.add(entry.result());
    boolean pass = entry.result().equals("pass");
    if (problems.size() + passes.size() < limit) {
      (pass ? passes : problems).add(entry);
    } else if (!pass && !passes.isEmpty()) {
      passes.remove(passes.size() - 1);
      problems.add(entry);
    }
  }

  /** The kept results: problems, then passes, each in the order they were found. */
  public List<AuditEntry> entries() {
    List<AuditEntry> all = new ArrayList<>(problems.size() + passes.size());
    all.addAll(problems);
    all.addAll(passes);
    return Collections.unmodifiableList(all);
  }

  public AuditSummary summary() {
    return summary;
  }

  /** How many results the summary counts that {@link #entries} left out. */
  public long omitted() {
    return summary.total() - problems.size() - passes.size();
  }
}
