package dev.celador.cluster.audit;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.ObjectRequests;
import dev.celador.engine.internal.audit.AuditResults;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;

/**
 * An audit of the objects stored in a cluster against admission policies, with the webhook's
 * semantics (the same set, params, Namespaces and authorizer): every object of the kinds the
 * policies can match ({@link AuditedKinds}), a page at a time, judged as the CREATE that would
 * create it today ({@link ObjectRequests#create(java.util.Map, AdmissionRequest.Gvr,
 * AdmissionRequest.UserInfo)}), so a policy whose rules name CREATE judges it and one that names
 * only UPDATE, DELETE or CONNECT does not, as in {@code celador apply} without {@code --old}. Only
 * results are kept ({@link AuditResults}), never the objects; then, when asked, the PolicyReports.
 *
 * @param user the requesting user of every request (what {@code authorizer} checks ask about)
 */
public record ClusterAudit(KubernetesClient client, AdmissionRequest.UserInfo user, int pageSize) {

  /**
   * Whom an audit's requests come from unless told otherwise: a stored object no longer has a
   * requesting user, so audits judge as the cluster admin {@code celador apply} applies as.
   */
  public static final String DEFAULT_USERNAME = "kubernetes-admin";

  public static final List<String> DEFAULT_GROUPS =
      List.of("system:masters", "system:authenticated");

  public static final AdmissionRequest.UserInfo DEFAULT_USER =
      new AdmissionRequest.UserInfo(DEFAULT_USERNAME, "", DEFAULT_GROUPS, java.util.Map.of());

  /** What one audit found and wrote. */
  public record Run(
      List<AuditedKind> kinds, AuditResults results, PolicyReportWriter.Written reports) {}

  /**
   * Judges every object {@code set} can match with {@code context}; writes the PolicyReports named
   * {@code reportName} stamped {@code at}, unless {@code reportName} is null.
   */
  public Run run(
      CompiledAdmissionSet set, AdmissionContext context, String reportName, Instant at) {
    List<AuditedKind> kinds = AuditedKinds.of(client, set.policies());
    AuditResults results = new AuditResults();
    for (AuditedKind kind : kinds) {
      AdmissionRequest.Gvr resource =
          new AdmissionRequest.Gvr(kind.group(), kind.version(), kind.resource());
      ObjectPages.forEach(
          client,
          kind,
          pageSize,
          object ->
              results.add(
                  AdmissionReviewMapper.explain(
                      set, ObjectRequests.create(object, resource, user), context)));
    }
    PolicyReportWriter.Written written =
        reportName == null ? null : new PolicyReportWriter(client, reportName).write(results, at);
    return new Run(kinds, results, written);
  }
}
