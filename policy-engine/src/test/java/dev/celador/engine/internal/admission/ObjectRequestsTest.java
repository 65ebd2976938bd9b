package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectRequestsTest {

  private static final AdmissionRequest.UserInfo USER =
      new AdmissionRequest.UserInfo("u", "", List.of("g"), Map.of());

  @Test
  void plural_kinds_followTheApiServersRegularPlurals() {
    assertThat(
            List.of("Pod", "Ingress", "NetworkPolicy", "Gateway", "ConfigMap", "Endpoints").stream()
                .map(ObjectRequests::plural))
        .containsExactly(
            "pods", "ingresses", "networkpolicies", "gateways", "configmaps", "endpoints");
  }

  @Test
  void create_namespacedObjectWithoutNamespace_getsTheDefaultAsTheApiServerSetsIt() {
    AdmissionRequest r =
        ObjectRequests.create(
            Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "w")),
            "shop",
            USER);

    assertThat(r.kind()).isEqualTo(new AdmissionRequest.Gvk("apps", "v1", "Deployment"));
    assertThat(r.resource()).isEqualTo(new AdmissionRequest.Gvr("apps", "v1", "deployments"));
    assertThat(r.namespace()).isEqualTo("shop");
    assertThat(r.name()).isEqualTo("w");
    assertThat(r.operation()).isEqualTo("CREATE");
    assertThat(r.dryRun()).isFalse();
    assertThat(r.userInfo()).isEqualTo(USER);
    assertThat(ObjectMaps.map(ObjectMaps.map(r.object()).get("metadata")))
        .containsEntry("namespace", "shop");
  }

  @Test
  void update_clusterScopedKind_hasNoNamespace() {
    Map<String, Object> role =
        Map.of(
            "apiVersion",
            "rbac.authorization.k8s.io/v1",
            "kind",
            "ClusterRole",
            "metadata",
            Map.of("name", "r"));

    AdmissionRequest r = ObjectRequests.update(role, role, "shop", USER);

    assertThat(r.namespace()).isEmpty();
    assertThat(r.operation()).isEqualTo("UPDATE");
    assertThat(r.oldObject()).isSameAs(role);
    assertThat(r.resource().resource()).isEqualTo("clusterroles");
  }
}
