package dev.celador.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.cluster.Fixtures;
import dev.celador.conformance.kube.KubeCluster;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * End-to-end set-up: the packaged {@code celador serve --admission} in bootstrap TLS mode against
 * the test cluster, registered through a ValidatingWebhookConfiguration whose {@code
 * clientConfig.url} is {@code https://127.0.0.1:<port>/validate} and whose caBundle Celador patches
 * itself (and, with {@link #registerMutating}, a MutatingWebhookConfiguration calling {@code
 * /mutate}). Every webhook selects only namespaces labelled {@code celador-e2e=<run>}, so other
 * tests on the same cluster never reach it.
 */
final class CeladorWebhookInCluster implements AutoCloseable {

  static final String RUN_LABEL = "celador-e2e";

  final KubeCluster cluster = localCluster();
  final KubernetesClient admin = cluster.client();
  final String run = Fixtures.suffix();
  private final List<String> namespaces = new ArrayList<>();
  final String home = namespace(Map.of());
  final String configurationName = "celador-e2e-" + run;
  final int port = CeladorProcess.freePort();
  private final Path policies;
  private final Path work;
  private final List<String> extraSettings;
  private CeladorProcess celador;
  private int starts;
  private boolean mutating;

  CeladorWebhookInCluster(Path policies, Path work, String... extraSettings) {
    this.policies = policies;
    this.work = work;
    this.extraSettings = List.of(extraSettings);
  }

  /** With the policies of the test resources' {@code admission/} directory. */
  static CeladorWebhookInCluster withAdmissionPolicies(Path work, String... extraSettings)
      throws URISyntaxException {
    Path policies = Path.of(CeladorWebhookInCluster.class.getResource("/admission").toURI());
    return new CeladorWebhookInCluster(policies, work, extraSettings);
  }

  /**
   * The shared cluster, if its API server can call a webhook on this host. A {@code
   * -De2e.kubeconfig} cluster runs elsewhere (kind nodes, a cloud), so it cannot reach loopback.
   */
  static KubeCluster localCluster() {
    KubeCluster cluster = KubeCluster.get();
    if (!cluster.isLocal()) {
      String why =
          "the webhook end-to-end tests need the API server to call https://127.0.0.1 on this"
              + " host, which a -De2e.kubeconfig cluster cannot; skipped";
      System.err.println("\n********** SKIPPED: " + why + " **********\n");
      Assumptions.abort(why);
    }
    return cluster;
  }

  /** A new namespace {@code t-<random>} with {@code labels}. */
  String namespace(Map<String, String> labels) {
    String name = "t-" + Fixtures.suffix();
    Fixtures.createNamespace(admin, name, labels);
    namespaces.add(name);
    return name;
  }

  /** A namespace the webhook applies to. */
  String enforcedNamespace(Map<String, String> moreLabels) {
    Map<String, String> labels = new java.util.HashMap<>(moreLabels);
    labels.put(RUN_LABEL, run);
    return namespace(labels);
  }

  /** One webhook of the configuration. */
  record Hook(
      String name,
      String failurePolicy,
      LabelSelector objectSelector,
      RuleWithOperations... rules) {}

  static RuleWithOperations rule(String group, String resource, String... operations) {
    return new RuleWithOperationsBuilder()
        .withApiGroups(group)
        .withApiVersions("v1")
        .withOperations(operations)
        .withResources(resource)
        .build();
  }

  /** Creates the configuration, without caBundle: Celador's bootstrap fills it in. */
  void register(Hook... hooks) {
    admin
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(configurationName)
                .endMetadata()
                .withWebhooks(webhooks("/validate", hooks))
                .build())
        .create();
  }

  /**
   * Creates a MutatingWebhookConfiguration of the same name calling {@code /mutate}, with
   * reinvocationPolicy IfNeeded as the chart sets it; bootstrap TLS patches its caBundle too.
   */
  void registerMutating(Hook... hooks) {
    // The two kinds' webhooks share every field but reinvocationPolicy, without a common type.
    List<MutatingWebhook> webhooks = new ArrayList<>();
    for (var webhook : webhooks("/mutate", hooks)) {
      MutatingWebhook m =
          Serialization.unmarshal(Serialization.asJson(webhook), MutatingWebhook.class);
      m.setReinvocationPolicy("IfNeeded");
      webhooks.add(m);
    }
    admin
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(configurationName)
                .endMetadata()
                .withWebhooks(webhooks)
                .build())
        .create();
    mutating = true;
  }

  private List<ValidatingWebhook> webhooks(String path, Hook... hooks) {
    List<ValidatingWebhook> webhooks = new ArrayList<>();
    for (Hook hook : hooks) {
      webhooks.add(
          new ValidatingWebhookBuilder()
              .withName(hook.name())
              .withNewClientConfig()
              .withUrl("https://" + cluster.loopbackHost() + ":" + port + path)
              .endClientConfig()
              .withRules(hook.rules())
              .withNewNamespaceSelector()
              .withMatchLabels(Map.of(RUN_LABEL, run))
              .endNamespaceSelector()
              .withObjectSelector(hook.objectSelector())
              .withFailurePolicy(hook.failurePolicy())
              .withSideEffects("None")
              .withAdmissionReviewVersions("v1")
              .withTimeoutSeconds(10)
              .build());
    }
    return webhooks;
  }

  /** Starts Celador (again) and waits until it is ready. */
  CeladorProcess start() throws IOException, InterruptedException {
    Path dir = work.resolve("celador-" + (++starts));
    java.nio.file.Files.createDirectories(dir);
    List<String> settings =
        new ArrayList<>(
            List.of(
                "celador.webhook.host=127.0.0.1",
                "celador.webhook.port=" + port,
                "celador.webhook.kubeconfig=" + cluster.kubeconfig(),
                "celador.webhook.tls.mode=bootstrap",
                "celador.webhook.tls.service-name=celador",
                "celador.webhook.tls.service-namespace=" + home,
                "celador.webhook.tls.webhook-configuration=" + configurationName,
                "celador.webhook.tls.extra-sans=" + cluster.loopbackHost(),
                "celador.webhook.tls.check-interval=1s",
                "celador.webhook.tls.quiet-period=200ms"));
    if (mutating) {
      settings.add("celador.webhook.tls.mutating-webhook-configuration=" + configurationName);
    }
    settings.addAll(extraSettings);
    celador =
        CeladorProcess.start(
            policies, dir, List.of("--admission"), settings.toArray(String[]::new));
    celador.awaitReady(Duration.ofSeconds(120));
    return celador;
  }

  CeladorProcess celador() {
    return celador;
  }

  /** serve's management port: /healthz, /readyz and /metrics, the webhook's included. */
  int managementPort() {
    return celador.managementPort;
  }

  void stop() throws InterruptedException {
    celador.terminate();
  }

  /** Asserts Celador logged a decision line containing every one of {@code fragments}. */
  void assertDecisionLogged(String... fragments) {
    assertThat(celador().decisionLines()).anySatisfy(line -> assertThat(line).contains(fragments));
  }

  ValidatingWebhookConfiguration configuration() {
    return admin
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(configurationName)
        .get();
  }

  /** The PEM caBundle of each webhook (empty string when unset). */
  List<String> caBundles() {
    return configuration().getWebhooks().stream()
        .map(w -> w.getClientConfig().getCaBundle())
        .map(
            b ->
                b == null
                    ? ""
                    : new String(Base64.getDecoder().decode(b), StandardCharsets.US_ASCII))
        .toList();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (celador != null) {
        celador.close();
      }
    } finally {
      // A Fail webhook left behind would reject every later request in its namespaces.
      admin
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .withName(configurationName)
          .delete();
      if (mutating) {
        admin
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(configurationName)
            .delete();
      }
      // On a real cluster they go; the local harness has no namespace controller to finish it.
      // Best effort: the API server may still call the just-deleted webhook for a moment.
      for (String n : namespaces) {
        try {
          admin.namespaces().withName(n).delete();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          System.err.println("test namespace " + n + " left behind: " + e.getMessage());
        }
      }
    }
  }
}
