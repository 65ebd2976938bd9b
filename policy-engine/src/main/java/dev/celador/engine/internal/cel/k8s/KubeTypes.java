package dev.celador.engine.internal.cel.k8s;

import dev.cel.common.types.OpaqueType;

/** The opaque CEL types of the Kubernetes CEL library, named as kube-apiserver names them. */
public final class KubeTypes {

  public static final OpaqueType QUANTITY = OpaqueType.create("kubernetes.Quantity");
  public static final OpaqueType URL = OpaqueType.create("kubernetes.URL");
  public static final OpaqueType IP = OpaqueType.create("net.IP");
  public static final OpaqueType CIDR = OpaqueType.create("net.CIDR");
  public static final OpaqueType SEMVER = OpaqueType.create("kubernetes.Semver");
  public static final OpaqueType FORMAT = OpaqueType.create("kubernetes.NamedFormat");
  public static final OpaqueType AUTHORIZER =
      OpaqueType.create("kubernetes.authorization.Authorizer");
  public static final OpaqueType PATH_CHECK =
      OpaqueType.create("kubernetes.authorization.PathCheck");
  public static final OpaqueType GROUP_CHECK =
      OpaqueType.create("kubernetes.authorization.GroupCheck");
  public static final OpaqueType RESOURCE_CHECK =
      OpaqueType.create("kubernetes.authorization.ResourceCheck");
  public static final OpaqueType DECISION = OpaqueType.create("kubernetes.authorization.Decision");

  private KubeTypes() {}
}
