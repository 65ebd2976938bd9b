package dev.celador.conformance.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Pods and Deployments for the audit tests, compliant with the restricted Pod Security profile
 * unless told which rule to break, ConfigMaps no Pod Security policy matches, and the PolicyReport
 * the audit writes.
 */
public final class AuditWorkloads {

  /** The ways an object breaks a Pod Security policy; NONE keeps it compliant. */
  public enum Flaw {
    NONE,
    PRIVILEGED,
    HOST_NETWORK,
    ROOT,
    CAPABILITY
  }

  private static final ResourceDefinitionContext POLICY_REPORT =
      new ResourceDefinitionContext.Builder()
          .withGroup("wgpolicyk8s.io")
          .withVersion("v1alpha2")
          .withKind("PolicyReport")
          .withPlural("policyreports")
          .withNamespaced(true)
          .build();

  private AuditWorkloads() {}

  /** The audit's PolicyReport ({@code celador-audit}) of {@code namespace}; null if none. */
  public static GenericKubernetesResource report(KubernetesClient client, String namespace) {
    return report(client, namespace, "celador-audit");
  }

  /** The PolicyReport {@code name} of {@code namespace}, or null. */
  public static GenericKubernetesResource report(
      KubernetesClient client, String namespace, String name) {
    return client
        .genericKubernetesResources(POLICY_REPORT)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** The flaw of the {@code i}th Pod of a namespace: about one Pod in five breaks a rule. */
  static Flaw podFlaw(int i) {
    if (i % 9 == 4) {
      return Flaw.PRIVILEGED;
    }
    if (i % 13 == 7) {
      return Flaw.HOST_NETWORK;
    }
    if (i % 17 == 3) {
      return Flaw.ROOT;
    }
    return Flaw.NONE;
  }

  static Flaw deploymentFlaw(int i) {
    return i % 4 == 1 ? Flaw.CAPABILITY : Flaw.NONE;
  }

  public static void createPod(KubernetesClient client, String namespace, String name, Flaw flaw) {
    client
        .resource(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: "
                + name
                + "\n  namespace: "
                + namespace
                + "\nspec:\n"
                + podSpec(flaw, "  "))
        .create();
  }

  static void createDeployment(KubernetesClient client, String namespace, String name, Flaw flaw) {
    client
        .resource(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "
                + name
                + "\n  namespace: "
                + namespace
                + "\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: "
                + name
                + "}\n  template:\n    metadata:\n      labels: {app: "
                + name
                + "}\n    spec:\n"
                + podSpec(flaw, "      "))
        .create();
  }

  static void createConfigMap(KubernetesClient client, String namespace, String name) {
    client
        .resource(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
                + name
                + "\n  namespace: "
                + namespace
                + "\ndata: {k: v}\n")
        .create();
  }

  private static String podSpec(Flaw flaw, String indent) {
    String runAsNonRoot = flaw == Flaw.ROOT ? "false" : "true";
    // The API server refuses privileged together with allowPrivilegeEscalation: false.
    String escalation =
        flaw == Flaw.PRIVILEGED ? "privileged: true" : "allowPrivilegeEscalation: false";
    String add = flaw == Flaw.CAPABILITY ? ", add: [NET_ADMIN]" : "";
    return (flaw == Flaw.HOST_NETWORK ? indent + "hostNetwork: true\n" : "")
        + indent
        + "securityContext: {runAsNonRoot: "
        + runAsNonRoot
        + ", seccompProfile: {type: RuntimeDefault}}\n"
        + indent
        + "containers:\n"
        + indent
        + "- name: app\n"
        + indent
        + "  image: registry.example/app:1\n"
        + indent
        + "  securityContext: {"
        + escalation
        + ", capabilities: {drop: [ALL]"
        + add
        + "}}\n";
  }
}
