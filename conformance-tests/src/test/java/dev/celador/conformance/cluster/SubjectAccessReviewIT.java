package dev.celador.conformance.cluster;

import static dev.celador.conformance.cluster.ConfigMapGrants.group;
import static dev.celador.conformance.cluster.ConfigMapGrants.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cluster.SubjectAccessReviewAuthorizer;
import dev.celador.conformance.kube.KubeCluster;
import dev.celador.engine.internal.cel.k8s.AuthzAttributes;
import dev.celador.engine.internal.cel.k8s.AuthzDecision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SubjectAccessReview authorizer says "allow" exactly where RBAC lets an impersonated user make
 * the same request for real, for a user bound by name and a user bound through a group.
 */
class SubjectAccessReviewIT {

  @Test
  void answers_matchWhatRbacLetsTheUserDo() {
    KubeCluster cluster = KubeCluster.get();
    KubernetesClient admin = cluster.client();
    String ns = Fixtures.namespace(admin);
    ConfigMapGrants.grant(
        admin, ns, "cm-reader", List.of("get", "list"), user("alice"), group("auditors"));
    var authorizer = new SubjectAccessReviewAuthorizer(admin);
    int compared = 0;
    for (String[] who :
        List.of(
            new String[] {"alice"},
            new String[] {"carol", "auditors"},
            new String[] {"bob", "dev"})) {
      String user = who[0];
      String[] groups = java.util.Arrays.copyOfRange(who, 1, who.length);
      try (KubernetesClient as = cluster.impersonating(user, groups)) {
        for (String verb : List.of("get", "list", "delete")) {
          AuthzDecision answer =
              authorizer.authorize(
                  new AuthzAttributes(
                      user, List.of(groups), verb, "", "", "configmaps", "", ns, "", "", ""));
          boolean permitted = permitted(as, ns, verb);
          assertThat(answer.verdict() == AuthzDecision.Verdict.ALLOW)
              .as("%s %s configmaps: SAR said %s, RBAC permitted %s", user, verb, answer, permitted)
              .isEqualTo(permitted);
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(9);
  }

  /** Makes the request for real: 403 means RBAC refused it; anything else means it got through. */
  private static boolean permitted(KubernetesClient as, String ns, String verb) {
    try {
      switch (verb) {
        case "get" -> as.configMaps().inNamespace(ns).withName("absent").get();
        case "list" -> as.configMaps().inNamespace(ns).list();
        case "delete" -> as.configMaps().inNamespace(ns).withName("absent").delete();
        default -> throw new IllegalArgumentException(verb);
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return false;
      }
      throw e;
    }
  }
}
