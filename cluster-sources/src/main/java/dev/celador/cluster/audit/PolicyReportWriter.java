package dev.celador.cluster.audit;

import dev.celador.engine.internal.audit.AuditResults;
import dev.celador.engine.internal.audit.NamespaceResults;
import dev.celador.engine.internal.audit.PolicyReports;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an audit's results as PolicyReports (one per namespace with results) and a
 * ClusterPolicyReport (cluster-scoped objects), each named {@code name} and applied server-side so
 * a report is replaced whole; then deletes the reports of that name Celador wrote before for
 * namespaces that have no results now, so a fixed or deleted object leaves the reports.
 */
public final class PolicyReportWriter {

  static final ResourceDefinitionContext POLICY_REPORT =
      context("PolicyReport", "policyreports", true);
  static final ResourceDefinitionContext CLUSTER_POLICY_REPORT =
      context("ClusterPolicyReport", "clusterpolicyreports", false);

  private static final String FIELD_MANAGER = "celador-audit";

  private final KubernetesClient client;
  private final String name;

  public PolicyReportWriter(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /** What a write did. */
  public record Written(int written, int deleted) {}

  /**
   * Writes {@code results}, stamped {@code at}.
   *
   * @throws IllegalStateException when the PolicyReport CRDs are not installed
   */
  public Written write(AuditResults results, Instant at) {
    if (!client.hasApiGroup("wgpolicyk8s.io", false)
        || client.getApiResources(PolicyReports.API_VERSION) == null) {
      throw new IllegalStateException(
          "the API server does not serve "
              + PolicyReports.API_VERSION
              + " PolicyReport: install the wg-policy CRDs (Kyverno's or policy-reporter's"
              + " chart ships them), or audit without writing reports");
    }
    int written = 0;
    for (Map.Entry<String, NamespaceResults> e : results.byNamespace().entrySet()) {
      apply(e.getKey(), PolicyReports.report(name, e.getKey(), e.getValue(), at));
      written++;
    }
    return new Written(written, deleteStale(results));
  }

  private void apply(String namespace, Map<String, Object> report) {
    GenericKubernetesResource resource =
        client.getKubernetesSerialization().convertValue(report, GenericKubernetesResource.class);
    var op =
        namespace.isEmpty()
            ? client.genericKubernetesResources(CLUSTER_POLICY_REPORT).resource(resource)
            : client
                .genericKubernetesResources(POLICY_REPORT)
                .inNamespace(namespace)
                .resource(resource);
    op.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  private int deleteStale(AuditResults results) {
    int deleted = 0;
    String selector = PolicyReports.MANAGED_BY_LABEL + "=" + PolicyReports.MANAGED_BY;
    for (GenericKubernetesResource r :
        client
            .genericKubernetesResources(POLICY_REPORT)
            .inAnyNamespace()
            .withLabelSelector(selector)
            .list()
            .getItems()) {
      String ns = r.getMetadata().getNamespace();
      if (name.equals(r.getMetadata().getName()) && !results.byNamespace().containsKey(ns)) {
        deleted += delete(client.genericKubernetesResources(POLICY_REPORT).inNamespace(ns), ns);
      }
    }
    if (!results.byNamespace().containsKey("")) {
      var cluster = client.genericKubernetesResources(CLUSTER_POLICY_REPORT).withName(name);
      GenericKubernetesResource existing = cluster.get();
      if (existing != null
          && Objects.equals(
              PolicyReports.MANAGED_BY,
              existing.getMetadata().getLabels() == null
                  ? null
                  : existing.getMetadata().getLabels().get(PolicyReports.MANAGED_BY_LABEL))) {
        cluster.delete();
        deleted++;
      }
    }
    return deleted;
  }

  private int delete(
      io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
              GenericKubernetesResource,
              io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
              io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
          reports,
      String namespace) {
    try {
      reports.withName(name).delete();
      return 1;
    } catch (KubernetesClientException e) {
      throw new KubernetesClientException(
          "cannot delete the stale PolicyReport " + namespace + "/" + name + ": " + e.getMessage(),
          e);
    }
  }

  private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("wgpolicyk8s.io")
        .withVersion("v1alpha2")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
