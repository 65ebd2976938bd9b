package dev.celador.cluster.audit;

import dev.celador.cluster.ClusterReloader;
import dev.celador.cluster.CustomResourceYaml;
import dev.celador.cluster.ReloadOutcome;
import dev.celador.cluster.SubjectAccessReviewAuthorizer;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.model.ValidatingPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an audit reads from the cluster once, as the cluster source watches it: the admission
 * policies (the API server's own ValidatingAdmissionPolicies and bindings, and Celador's
 * ValidatingPolicy kinds when their CRDs are installed) as policy documents, and the context they
 * are judged with (the params their paramKinds name, every Namespace, SubjectAccessReviews for
 * {@code authorizer} checks).
 */
public final class ClusterAdmissionInputs {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterAdmissionInputs.class);

  private static final List<String[]> POLICY_KINDS =
      List.of(
          new String[] {"admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy"},
          new String[] {"admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding"},
          new String[] {"celador.dev/v1alpha1", "ValidatingPolicy"},
          new String[] {"celador.dev/v1alpha1", "ValidatingPolicyBinding"});

  private ClusterAdmissionInputs() {}

  /**
   * The cluster's admission policies, compiled, with their context.
   *
   * @param problems the objects left out because they do not compile, one line each
   */
  public record Loaded(CompiledAdmissionSet set, AdmissionContext context, List<String> problems) {}

  /**
   * Reads and compiles the cluster's admission policies as the cluster source does ({@link
   * ClusterReloader}: an object that does not compile is left out, the others load), then their
   * context.
   *
   * @throws IllegalStateException when no set compiles at all
   */
  public static Loaded load(KubernetesClient client) {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      ReloadOutcome outcome =
          new ClusterReloader(engine)
              .reloadAdmission(policyDocuments(client), AdmissionContext.empty());
      CompiledAdmissionSet set =
          engine
              .snapshot()
              .flatMap(s -> s.admission())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the cluster's admission policies do not compile:\n"
                              + String.join("\n", outcome.problems())));
      return new Loaded(set, context(client, set.policies()), outcome.problems());
    }
  }

  /** The admission policy objects of the cluster, as documents in source-name order. */
  public static List<SourceFile> policyDocuments(KubernetesClient client) {
    List<SourceFile> documents = new ArrayList<>();
    for (String[] kind : POLICY_KINDS) {
      if (!served(client, kind[0])) {
        continue;
      }
      for (Map<String, Object> object : list(client, kind[0], kind[1])) {
        documents.add(CustomResourceYaml.toSource(object));
      }
    }
    documents.sort(Comparator.comparing(SourceFile::name));
    return documents;
  }

  /** The context {@code policies} are judged with, read from the cluster now. */
  public static AdmissionContext context(KubernetesClient client, List<ValidatingPolicy> policies) {
    Set<ValidatingPolicy.ParamKind> paramKinds = new LinkedHashSet<>();
    policies.forEach(
        p -> {
          if (p.paramKind() != null) {
            paramKinds.add(p.paramKind());
          }
        });
    List<Map<String, Object>> params = new ArrayList<>();
    for (ValidatingPolicy.ParamKind kind : paramKinds) {
      try {
        params.addAll(list(client, kind.apiVersion(), kind.kind()));
      } catch (KubernetesClientException e) {
        // As the webhook's param watches: no params of a kind the API server does not serve (the
        // binding's parameterNotFoundAction decides), and a warning.
        LOG.warn(
            "paramKind {} {} cannot be listed; judging without params of it: {}",
            kind.apiVersion(),
            kind.kind(),
            e.getMessage());
      }
    }
    Map<String, Map<String, Object>> namespaces = new LinkedHashMap<>();
    for (Map<String, Object> ns : list(client, "v1", "Namespace")) {
      if (ns.get("metadata") instanceof Map<?, ?> metadata
          && metadata.get("name") instanceof String name) {
        namespaces.put(name, ns);
      }
    }
    return new AdmissionContext(params, namespaces, new SubjectAccessReviewAuthorizer(client));
  }

  private static boolean served(KubernetesClient client, String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return client.hasApiGroup(apiVersion.substring(0, slash), false)
        && client.getApiResources(apiVersion) != null;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(
      KubernetesClient client, String apiVersion, String kind) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (GenericKubernetesResource r :
        client.genericKubernetesResources(apiVersion, kind).inAnyNamespace().list().getItems()) {
      Map<String, Object> object =
          new LinkedHashMap<>(client.getKubernetesSerialization().convertValue(r, Map.class));
      object.put("apiVersion", apiVersion);
      object.put("kind", kind);
      out.add(object);
    }
    return out;
  }
}
