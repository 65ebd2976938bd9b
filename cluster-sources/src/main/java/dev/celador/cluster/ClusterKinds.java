package dev.celador.cluster;

import dev.celador.cluster.crd.CeladorGroup;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/** The kinds the cluster sources watch whose names and scope are fixed. */
final class ClusterKinds {

  static final ResourceDefinitionContext VALIDATING_POLICY =
      celador("ValidatingPolicy", "validatingpolicies", false);
  static final ResourceDefinitionContext VALIDATING_POLICY_BINDING =
      celador("ValidatingPolicyBinding", "validatingpolicybindings", false);
  static final ResourceDefinitionContext ACCESS_POLICY =
      celador("AccessPolicy", "accesspolicies", true);
  static final ResourceDefinitionContext JWT_AUTHENTICATION =
      celador("JwtAuthentication", "jwtauthentications", true);
  static final ResourceDefinitionContext RATE_LIMIT_POLICY =
      celador("RateLimitPolicy", "ratelimitpolicies", true);
  static final ResourceDefinitionContext NAMESPACE =
      new ResourceDefinitionContext.Builder()
          .withGroup("")
          .withVersion("v1")
          .withKind("Namespace")
          .withPlural("namespaces")
          .withNamespaced(false)
          .build();

  static final List<ResourceDefinitionContext> ADMISSION =
      List.of(VALIDATING_POLICY, VALIDATING_POLICY_BINDING);
  static final List<ResourceDefinitionContext> HTTP =
      List.of(ACCESS_POLICY, JWT_AUTHENTICATION, RATE_LIMIT_POLICY);

  private ClusterKinds() {}

  private static ResourceDefinitionContext celador(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(CeladorGroup.NAME)
        .withVersion(CeladorGroup.VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
