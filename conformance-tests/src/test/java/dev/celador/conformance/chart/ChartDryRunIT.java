package dev.celador.conformance.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.kube.KubeCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest the chart renders, for the default values and every ci/*-values.yaml, accepted by
 * the real kube-apiserver: CRDs installed first (the chart's crds/ and the third-party ones a
 * render uses: cert-manager, Prometheus Operator), then a server-side dry-run apply of each
 * document. Each Deployment's pod template is then dry-run created as a Pod in a namespace that
 * enforces the "restricted" Pod Security Standard, so the real PodSecurity admission judges it.
 */
class ChartDryRunIT {

  private static KubeCluster cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void cluster() {
    cluster = KubeCluster.get();
    kubectl = new Kubectl(cluster);
  }

  static List<String> valuesCases() {
    return Chart.valuesCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyRenderedManifest_acceptedByServerSideDryRun(String valuesCase, @TempDir Path dir)
      throws IOException {
    KubernetesClient admin = cluster.client();
    String ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted"))
                .endMetadata()
                .build())
        .create();
    String rendered = Chart.render("r", ns, valuesCase);
    List<String> documents = Chart.documents(rendered);
    List<HasMetadata> objects = Chart.objects(rendered);
    installCrds(objects, dir);
    createOtherNamespaces(admin, objects, ns);

    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      HasMetadata o = objects.get(i);
      String what = o.getKind() + "/" + o.getMetadata().getName();
      Command apply =
          kubectl.dryRunApply(Kubectl.write(dir, "doc-" + i + ".yaml", documents.get(i)));
      assertThat(apply.exit())
          .as("%s (%s):%n%s%n%s", what, valuesCase, apply.output(), documents.get(i))
          .isZero();
      assertThat(apply.output()).contains("(server dry run)").doesNotContainIgnoringCase("warning");
      accepted.add(what);
    }

    assertThat(accepted).hasSize(documents.size()).isNotEmpty();
    for (Deployment d : ChartIT.ofKind(objects, Deployment.class)) {
      assertRestrictedPodAccepted(admin, ns, d);
    }
  }

  /**
   * The chart's own CRDs always; cert-manager's and the ServiceMonitor's when the render uses them.
   */
  private static void installCrds(List<HasMetadata> objects, Path dir) throws IOException {
    try (Stream<Path> files = Files.list(Tools.chart().resolve("crds"))) {
      for (Path crd : files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
        kubectl.installCrds(crd);
      }
    }
    Set<String> groups = new TreeSet<>();
    objects.forEach(o -> groups.add(o.getApiVersion().replaceFirst("/.*", "")));
    if (groups.contains("cert-manager.io")) {
      kubectl.installCrds(Tools.thirdPartyCrds().resolve("cert-manager.yaml"));
    }
    if (groups.contains("monitoring.coreos.com")) {
      kubectl.installCrds(Tools.thirdPartyCrds().resolve("monitoring.yaml"));
    }
  }

  /** Namespaces a render points into besides its own (RoleBindings of policies.crd.namespaces). */
  private static void createOtherNamespaces(
      KubernetesClient admin, List<HasMetadata> objects, String ns) {
    objects.stream()
        .map(o -> o.getMetadata().getNamespace())
        .filter(n -> n != null && !n.equals(ns))
        .distinct()
        .filter(n -> admin.namespaces().withName(n).get() == null)
        .forEach(
            n ->
                admin
                    .namespaces()
                    .resource(
                        new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
                    .create());
  }

  private static void assertRestrictedPodAccepted(KubernetesClient admin, String ns, Deployment d) {
    var template = d.getSpec().getTemplate();
    String account = template.getSpec().getServiceAccountName();
    // The ServiceAccount admission plugin needs the account to exist (the dry run created none).
    if (admin.serviceAccounts().inNamespace(ns).withName(account).get() == null) {
      admin
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build())
          .create();
    }
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(d.getMetadata().getName() + "-pod")
            .withNamespace(ns)
            .withLabels(template.getMetadata().getLabels())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();

    Pod accepted = admin.pods().inNamespace(ns).resource(pod).dryRun().create();

    assertThat(accepted.getMetadata().getUid())
        .as("dry-run Pod of %s", d.getMetadata().getName())
        .isNotBlank();
  }
}
