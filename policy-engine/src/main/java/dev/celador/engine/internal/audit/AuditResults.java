package dev.celador.engine.internal.audit;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionReport;
import dev.celador.engine.internal.admission.PolicyResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an audit found, gathered one judged object at a time: the objects themselves are not kept,
 * only results ({@link AuditEntry}) per namespace, so memory grows with the results kept (bounded
 * per namespace by {@link NamespaceResults}) and the denied objects, not with the cluster.
 *
 * <p>A policy and binding that did not match an object (a {@code skip} row of {@link
 * AdmissionReport}) gives no result: reports list what applies to an object, as Kyverno's
 * background scans do.
 */
public final class AuditResults {

  /** Results kept per report: far below etcd's 1.5 MB object limit at a few hundred bytes each. */
  public static final int DEFAULT_RESULTS_PER_REPORT = 2_000;

  /** A denied object and why: the webhook's message for it. */
  public record Denied(AuditEntry.ResourceRef resource, String message) {}

  private final int resultsPerReport;
  private final Map<String, NamespaceResults> byNamespace = new TreeMap<>();
  private final List<Denied> denied = new ArrayList<>();
  private final AuditSummary summary = new AuditSummary();
  private long objects;

  public AuditResults(int resultsPerReport) {
    this.resultsPerReport = resultsPerReport;
  }

  public AuditResults() {
    this(DEFAULT_RESULTS_PER_REPORT);
  }

  /** Adds one judged object, {@code report} being what admission made of it. */
  public void add(AdmissionReport report) {
    objects++;
    AdmissionRequest request = report.request();
    AuditEntry.ResourceRef ref = ref(request);
    if (!report.decision().allowed()) {
      denied.add(new Denied(ref, report.decision().message()));
    }
    NamespaceResults results = null;
    for (PolicyResult row : report.policies()) {
      String result = result(row);
      if (result == null) {
        continue;
      }
      if (results == null) {
        results =
            byNamespace.computeIfAbsent(
                request.namespace(), ns -> new NamespaceResults(resultsPerReport));
      }
      AuditEntry entry =
          new AuditEntry(
              row.policy(),
              row.binding().isEmpty() ? row.policy() : row.binding(),
              result,
              message(row),
              ref);
      results.add(entry);
      summary.add(result);
    }
  }

  public long objects() {
    return objects;
  }

  /** The objects the webhook would deny, in the order judged. */
  public List<Denied> denied() {
    return Collections.unmodifiableList(denied);
  }

  /** Every result counted, over all namespaces. */
  public AuditSummary summary() {
    return summary;
  }

  /** Results by namespace, "" for cluster-scoped objects; namespaces without results are absent. */
  public Map<String, NamespaceResults> byNamespace() {
    return Collections.unmodifiableMap(byNamespace);
  }

  /** A PolicyReport result for {@code row}; null for a row that did not apply (skip). */
  static String result(PolicyResult row) {
    return switch (row.result()) {
      case SKIP -> null;
      case ALLOW -> "pass";
      case DENY -> "fail";
      case WARN, AUDIT -> "warn";
      case ERROR -> "error";
    };
  }

  private static String message(PolicyResult row) {
    for (PolicyResult.Validation v : row.validations()) {
      if (v.check() == PolicyResult.Check.FAIL) {
        return v.message();
      }
    }
    return row.detail();
  }

  private static AuditEntry.ResourceRef ref(AdmissionRequest request) {
    Object uid =
        request.object() instanceof Map<?, ?> object
                && object.get("metadata") instanceof Map<?, ?> m
            ? m.get("uid")
            : null;
    AdmissionRequest.Gvk kind = request.kind();
    return new AuditEntry.ResourceRef(
        kind.group().isEmpty() ? kind.version() : kind.group() + "/" + kind.version(),
        kind.kind(),
        request.namespace(),
        request.name(),
        uid instanceof String s ? s : "");
  }
}
