package dev.celador.conformance.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.celador.conformance.chart.Command;
import dev.celador.conformance.chart.Kubectl;
import dev.celador.conformance.chart.Tools;
import dev.celador.conformance.kube.KubeCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/istio.md against Istio's own schemas from the Go module istio.io/api: its CRDs installed in
 * the conformance kube-apiserver take the guide's AuthorizationPolicies (server-side dry run), and
 * its MeshConfig proto takes the guide's extension provider (strict JSON parse).
 */
class IstioGuideIT {

  @Test
  void meshConfig_parsesAsIstioMeshConfig(@TempDir Path work) throws Exception {
    DynamicMessage mesh = parseMeshConfig(guideMeshConfig(), work);
    String json = JsonFormat.printer().print(mesh);

    assertThat(json)
        .contains("\"name\": \"celador\"")
        .contains("\"service\": \"celador-ext-authz.celador.svc.cluster.local\"")
        .contains("\"port\": 9191")
        .contains("\"statusOnError\": \"503\"")
        .contains("\"maxRequestBytes\": 8192")
        .contains("\"normalization\": \"DECODE_AND_MERGE_SLASHES\"");
  }

  @Test
  void meshConfig_misspelledProviderField_rejected(@TempDir Path work) {
    String typo = guideMeshConfig().replace("failOpen:", "failopen:");

    assertThatThrownBy(() -> parseMeshConfig(typo, work))
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("failopen");
  }

  @Test
  void authorizationPolicies_acceptedByKubeApiserverWithIstioCrds(@TempDir Path dir) {
    KubeCluster cluster = KubeCluster.get();
    Kubectl kubectl = new Kubectl(cluster);
    kubectl.installCrds(Tools.thirdPartyCrds().resolve("istio.yaml"));
    String resources = GuideBlocks.marked("istio.md", "istio-resources").get(0);
    createNamespaces(cluster.client(), resources);

    Command apply = kubectl.dryRunApply(Kubectl.write(dir, "istio.yaml", resources));
    Command wrongAction =
        kubectl.dryRunApply(
            Kubectl.write(
                dir, "wrong.yaml", resources.replace("action: CUSTOM", "action: EXTERNAL")));

    assertThat(apply.exit()).as(apply.output()).isZero();
    assertThat(apply.output())
        .contains(
            "authorizationpolicy.security.istio.io/orders-celador serverside-applied (server dry run)")
        .contains(
            "authorizationpolicy.security.istio.io/gateway-celador serverside-applied (server dry run)")
        .doesNotContainIgnoringCase("warning");
    // The CRD's schema is live: an action Istio does not know is refused, not stored.
    assertThat(wrongAction.exit()).isNotZero();
    assertThat(wrongAction.output()).contains("EXTERNAL");
  }

  private static String guideMeshConfig() {
    return GuideBlocks.marked("istio.md", "istio-mesh-config").get(0);
  }

  private static DynamicMessage parseMeshConfig(String yaml, Path work) throws Exception {
    Map<String, Object> values = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    assertThat(values).containsOnlyKeys("meshConfig");
    ProtoDescriptors istio = IstioProtos.meshConfig(work);
    DynamicMessage.Builder mesh =
        DynamicMessage.newBuilder(istio.message("istio.mesh.v1alpha1.MeshConfig"));
    JsonFormat.parser().merge(new Gson().toJson(values.get("meshConfig")), mesh);
    return mesh.build();
  }

  /** The guide's namespaces (shop, istio-system) exist in a real cluster; here they are made. */
  private static void createNamespaces(KubernetesClient admin, String resources) {
    for (String ns : List.of("shop", "istio-system")) {
      assertThat(resources).contains("namespace: " + ns);
      if (admin.namespaces().withName(ns).get() == null) {
        admin
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
    }
  }
}
