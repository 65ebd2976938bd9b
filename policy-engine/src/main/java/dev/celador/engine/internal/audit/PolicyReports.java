package dev.celador.engine.internal.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * wgpolicyk8s.io/v1alpha2 {@code PolicyReport} (one per namespace) and {@code ClusterPolicyReport}
 * (cluster-scoped objects) objects of an audit, shaped as Kyverno writes them and policy-reporter
 * reads them: {@code results[]} with policy, rule, result, message, resources, source, scored and
 * timestamp, and {@code summary} counts.
 */
public final class PolicyReports {

  public static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
  public static final String SOURCE = "celador";

  /** Every report Celador writes carries this label, so a later audit finds its stale ones. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY = "celador";

  /** How many results the summary counts that the report leaves out (its size is bounded). */
  public static final String OMITTED_ANNOTATION = "celador.dev/omitted-results";

  private PolicyReports() {}

  /**
   * The report of {@code namespace} ("" for the ClusterPolicyReport) named {@code name}, its
   * results stamped {@code at}.
   */
  public static Map<String, Object> report(
      String name, String namespace, NamespaceResults results, Instant at) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (!namespace.isEmpty()) {
      metadata.put("namespace", namespace);
    }
    metadata.put("labels", Map.of(MANAGED_BY_LABEL, MANAGED_BY));
    if (results.omitted() > 0) {
      metadata.put("annotations", Map.of(OMITTED_ANNOTATION, Long.toString(results.omitted())));
    }
    Map<String, Object> timestamp = new LinkedHashMap<>();
    timestamp.put("seconds", at.getEpochSecond());
    timestamp.put("nanos", at.getNano());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AuditEntry e : results.entries()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("source", SOURCE);
      row.put("policy", e.policy());
      row.put("rule", e.rule());
      row.put("result", e.result());
      if (!e.message().isEmpty()) {
        row.put("message", e.message());
      }
      row.put("scored", true);
      row.put("timestamp", timestamp);
      row.put("resources", List.of(resource(e.resource())));
      rows.add(row);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("apiVersion", API_VERSION);
    report.put("kind", namespace.isEmpty() ? "ClusterPolicyReport" : "PolicyReport");
    report.put("metadata", metadata);
    report.put("results", rows);
    report.put("summary", summary(results.summary()));
    return report;
  }

  /** The {@code summary} of a report: every outcome, skip always 0 (skips are not reported). */
  static Map<String, Object> summary(AuditSummary s) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("pass", s.pass());
    summary.put("fail", s.fail());
    summary.put("warn", s.warn());
    summary.put("error", s.error());
    summary.put("skip", 0L);
    return summary;
  }

  private static Map<String, Object> resource(AuditEntry.ResourceRef r) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("apiVersion", r.apiVersion());
    ref.put("kind", r.kind());
    if (!r.namespace().isEmpty()) {
      ref.put("namespace", r.namespace());
    }
    ref.put("name", r.name());
    if (!r.uid().isEmpty()) {
      ref.put("uid", r.uid());
    }
    return ref;
  }
}
