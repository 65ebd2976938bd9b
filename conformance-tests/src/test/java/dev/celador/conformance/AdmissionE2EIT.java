package dev.celador.conformance;

import static dev.celador.conformance.CeladorWebhookInCluster.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.conformance.cluster.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Celador's webhook behind a real kube-apiserver: Deployments, Pods and Namespaces created, updated
 * and deleted through the API, with the caBundle Celador patched itself. Policies come from files
 * ({@code admission/policies.yaml}).
 */
class AdmissionE2EIT {

  private static final String DENIED_PREFIX =
      "admission webhook \"validate.e2e.celador.dev\" denied the request: ";

  @TempDir static Path work;
  private static CeladorWebhookInCluster webhook;
  private static KubernetesClient admin;
  private static String ns;

  @BeforeAll
  static void start() throws Exception {
    webhook = CeladorWebhookInCluster.withAdmissionPolicies(work);
    admin = webhook.admin;
    webhook.register(
        new CeladorWebhookInCluster.Hook(
            "validate.e2e.celador.dev",
            "Fail",
            null,
            rule("apps", "deployments", "CREATE", "UPDATE", "DELETE"),
            rule("", "pods", "CREATE", "UPDATE", "DELETE"),
            rule("", "namespaces", "CREATE", "UPDATE", "DELETE")));
    webhook.start();
    ns = webhook.enforcedNamespace(Map.of());
    // The API server picks the patched caBundle up from its informer: wait until it enforces.
    CeladorWebhookInCluster.await(
        "the API server to call Celador",
        Duration.ofSeconds(60),
        () -> denial(() -> dryRunCreate(deployment("probe", 9))).contains("at most 5"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void bootstrap_caBundlePatchedFromTheSecret() {
    String secretBundle =
        new String(
            java.util.Base64.getDecoder()
                .decode(
                    admin
                        .secrets()
                        .inNamespace(webhook.home)
                        .withName("celador-tls")
                        .get()
                        .getData()
                        .get("ca.crt")),
            StandardCharsets.US_ASCII);

    assertThat(webhook.caBundles()).containsExactly(secretBundle);
    assertThat(secretBundle).contains("BEGIN CERTIFICATE");
  }

  @Test
  void bootstrap_metrics_certificateExpiryAndSyncs() throws Exception {
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + webhook.managementPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();

    long expiry =
        metrics
            .lines()
            .filter(l -> l.startsWith("celador_admission_tls_certificate_expiry_seconds "))
            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no expiry gauge in:\n" + metrics));
    // The default serving validity is 90 days.
    assertThat(expiry - java.time.Instant.now().getEpochSecond())
        .isBetween(Duration.ofDays(89).toSeconds(), Duration.ofDays(90).toSeconds());
    assertThat(metrics).contains("celador_admission_tls_syncs_total{outcome=\"ok\"}");
  }

  @Test
  void createDeployment_tooManyReplicas_deniedWithPolicyMessage() {
    assertThatThrownBy(() -> create(deployment("too-big", 9)))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403))
        .hasMessageContaining(
            DENIED_PREFIX
                + "ValidatingAdmissionPolicy 'replica-limit' with binding 'replica-limit' denied"
                + " request: replicas must be at most 5, got 9");
    assertThat(admin.apps().deployments().inNamespace(ns).withName("too-big").get()).isNull();
  }

  @Test
  void updateAndDeleteDeployment_updateOverLimitDenied_deleteReachesWebhookAndIsAllowed() {
    create(deployment("web", 2));

    assertThatThrownBy(
            () ->
                admin
                    .apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("web")
                    .edit(
                        d -> new DeploymentBuilder(d).editSpec().withReplicas(7).endSpec().build()))
        .hasMessageContaining("replicas must be at most 5, got 7");
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);

    admin.apps().deployments().inNamespace(ns).withName("web").delete();
    assertThat(admin.apps().deployments().inNamespace(ns).withName("web").get()).isNull();
    webhook.assertDecisionLogged(
        "\"operation\":\"DELETE\"", "\"name\":\"web\"", "\"allowed\":true");
  }

  @Test
  void pod_createAndUpdateWithoutTeamLabel_allowedWithWarning_deleteReachesWebhook()
      throws Exception {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("no-team")
            .endMetadata()
            .withNewSpec()
            .withContainers(app())
            .endSpec()
            .build();
    String pods = "api/v1/namespaces/" + ns + "/pods";

    var created = send("POST", pods, Serialization.asJson(pod));
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.headers("Warning")).anySatisfy(AdmissionE2EIT::isTeamLabelWarning);

    Pod stored = admin.pods().inNamespace(ns).withName("no-team").get();
    stored.getMetadata().setAnnotations(Map.of("touched", "yes"));
    var updated = send("PUT", pods + "/no-team", Serialization.asJson(stored));
    assertThat(updated.code()).isEqualTo(200);
    assertThat(updated.headers("Warning")).anySatisfy(AdmissionE2EIT::isTeamLabelWarning);

    Pod labelled = admin.pods().inNamespace(ns).withName("no-team").get();
    labelled.getMetadata().setLabels(Map.of("team", "payments"));
    var fixed = send("PUT", pods + "/no-team", Serialization.asJson(labelled));
    assertThat(fixed.code()).isEqualTo(200);
    assertThat(fixed.headers("Warning")).isEmpty();

    admin.pods().inNamespace(ns).withName("no-team").withGracePeriod(0).delete();
    webhook.assertDecisionLogged("\"operation\":\"DELETE\"", "\"name\":\"no-team\"");
  }

  private static void isTeamLabelWarning(String warning) {
    assertThat(warning)
        .startsWith("299 ")
        .contains(
            "Validation failed for ValidatingAdmissionPolicy 'team-label' with binding"
                + " 'team-label': pods should carry a team label");
  }

  /** fabric8 logs warnings rather than returning them: read the API server's Warning headers. */
  private static io.fabric8.kubernetes.client.http.HttpResponse<String> send(
      String method, String path, String json) throws Exception {
    var http = admin.getHttpClient();
    var request =
        http.newHttpRequestBuilder()
            .uri(admin.getMasterUrl() + path)
            .method(method, "application/json", json)
            .build();
    return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
  }

  @Test
  void namespace_createAndUpdateWithUnknownEnvironment_denied() {
    assertThatThrownBy(() -> webhook.enforcedNamespace(Map.of("environment", "qa")))
        .hasMessageContaining(
            "ValidatingAdmissionPolicy 'namespace-environment' with binding"
                + " 'namespace-environment' denied request: environment must be dev or prod, got"
                + " qa");
    String dev = webhook.enforcedNamespace(Map.of("environment", "dev"));

    assertThatThrownBy(() -> Fixtures.label(admin, dev, "environment", "staging"))
        .hasMessageContaining("environment must be dev or prod, got staging");
    assertThat(admin.namespaces().withName(dev).get().getMetadata().getLabels())
        .containsEntry("environment", "dev");
  }

  @Test
  void dryRun_deniedAndAllowedCreatesPersistNothing() {
    assertThat(denial(() -> dryRunCreate(deployment("dry-big", 8))))
        .contains("replicas must be at most 5, got 8");
    Deployment dry = dryRunCreate(deployment("dry-small", 1));

    assertThat(dry.getMetadata().getName()).isEqualTo("dry-small");
    assertThat(admin.apps().deployments().inNamespace(ns).withName("dry-small").get()).isNull();
    webhook.assertDecisionLogged("\"name\":\"dry-small\"", "\"dry_run\":true", "\"allowed\":true");
  }

  @Test
  void deleteNamespace_protectedDenied_unprotectedAllowed() {
    String isProtected = webhook.enforcedNamespace(Map.of("protected", "true"));
    String plain = webhook.enforcedNamespace(Map.of());

    assertThatThrownBy(() -> admin.namespaces().withName(isProtected).delete())
        .hasMessageContaining(
            "ValidatingAdmissionPolicy 'protected-namespaces' with binding 'protected-namespaces'"
                + " denied request: namespace is protected");
    admin.namespaces().withName(plain).delete();

    assertThat(admin.namespaces().withName(isProtected).get().getMetadata().getDeletionTimestamp())
        .isNull();
    // No namespace controller here: the namespace stays, Terminating.
    Namespace deleted = admin.namespaces().withName(plain).get();
    assertThat(deleted == null || deleted.getMetadata().getDeletionTimestamp() != null).isTrue();
  }

  @Test
  void namespaceSelector_namespaceWithoutRunLabel_webhookNotCalled() {
    String outside = webhook.namespace(Map.of("team", "other"));
    String name = "outside-" + UUID.randomUUID().toString().substring(0, 6);

    admin.apps().deployments().inNamespace(outside).resource(deployment(name, 9)).create();

    assertThat(admin.apps().deployments().inNamespace(outside).withName(name).get()).isNotNull();
    assertThat(webhook.celador().decisionLines())
        .noneMatch(l -> l.contains("\"name\":\"" + name + "\""));
  }

  static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name, "team", "e2e"))
        .endMetadata()
        .withNewSpec()
        .withContainers(app())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The one container of the test workloads; it never runs (no scheduler, no kubelet). */
  private static Container app() {
    return new ContainerBuilder().withName("app").withImage("example/app:1").build();
  }

  private static Deployment create(Deployment d) {
    return admin.apps().deployments().inNamespace(ns).resource(d).create();
  }

  private static Deployment dryRunCreate(Deployment d) {
    return admin.apps().deployments().inNamespace(ns).resource(d).dryRun().create();
  }

  /** The API error message of {@code call}, or "" when it succeeded. */
  private static String denial(Runnable call) {
    try {
      call.run();
      return "";
    } catch (KubernetesClientException e) {
      return String.valueOf(e.getMessage());
    }
  }
}
