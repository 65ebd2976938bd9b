package dev.celador.engine.internal.parse;

import dev.celador.engine.api.Peer;

/**
 * Which namespace a policy may govern, the model Istio users know: a policy in the root namespace
 * (or without a namespace) is mesh-wide; a policy in any other namespace N applies only to
 * workloads in N. Its target may narrow within N (service accounts, principals and hosts of N,
 * context extensions), never leave it. Enforced when policies are read, in files mode and cluster
 * mode alike.
 *
 * @param rootNamespace the namespace whose policies apply mesh-wide ({@code
 *     celador.root-namespace})
 */
public record Tenancy(String rootNamespace) {

  /** The root namespace when none is configured. */
  public static final String DEFAULT_ROOT_NAMESPACE = "celador-system";

  public static final Tenancy DEFAULT = new Tenancy(DEFAULT_ROOT_NAMESPACE);

  public Tenancy {
    if (rootNamespace == null || !Names.LABEL.test().test(rootNamespace)) {
      throw new IllegalArgumentException(
          "root namespace '" + rootNamespace + "' " + Names.LABEL.text());
    }
  }

  /** True when a policy in {@code namespace} applies mesh-wide; "" is a policy without one. */
  public boolean meshWide(String namespace) {
    return namespace.isEmpty() || namespace.equals(rootNamespace);
  }

  /**
   * True when a policy in tenant namespace {@code namespace} may name {@code host} (lower-cased, an
   * exact host or {@code *.suffix}): only names of N's services, {@code svc.N}, {@code svc.N.svc}
   * or {@code svc.N.svc.<cluster domain>}, or a wildcard over them. Any other host (another team's
   * service, an external name) is claimed in the root namespace, so a name that reads as another
   * team's service is never governed by a tenant's policy.
   */
  static boolean claimable(String namespace, String host) {
    String rest;
    if (host.startsWith("*.")) {
      rest = host.substring(2);
    } else {
      int dot = host.indexOf('.');
      if (dot < 0) {
        return false;
      }
      rest = host.substring(dot + 1);
    }
    if (rest.equals(namespace)) {
      return true;
    }
    String service = namespace + ".svc";
    return rest.equals(service) || rest.startsWith(service + ".");
  }

  /** True when {@code principal} is a Kubernetes SPIFFE ID of a workload in {@code namespace}. */
  static boolean inNamespace(String namespace, String principal) {
    return new Peer("", 0, principal).namespace().equals(namespace);
  }
}
