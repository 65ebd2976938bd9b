package dev.celador.webhook.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.kube.KubeCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bootstrap TLS against a real API server: the Secret's resourceVersion guards writes, so replicas
 * racing to create or rotate it all end up serving one state, and caBundle patching touches only
 * caBundle. (In the test package to drive the package-private steps one at a time.)
 */
class BootstrapTlsClusterIT {

  private static final List<String> NAMES = List.of("celador.ns.svc", "127.0.0.1");
  private static KubernetesClient admin;
  private static String namespace;
  private static ExecutorService pool;

  @TempDir Path dir;

  @BeforeAll
  static void cluster() {
    admin = KubeCluster.get().client();
    namespace = "t-" + UUID.randomUUID().toString().substring(0, 8);
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    pool = Executors.newFixedThreadPool(4);
  }

  private static final List<String> configurations = new ArrayList<>();

  @AfterAll
  static void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (admin != null) {
      configurations.forEach(
          c ->
              admin
                  .admissionRegistration()
                  .v1()
                  .validatingWebhookConfigurations()
                  .withName(c)
                  .delete());
      admin.namespaces().withName(namespace).delete();
    }
  }

  private static TlsPlanner planner() {
    return new TlsPlanner(NAMES, Duration.ofDays(30), Duration.ofDays(9), Duration.ofMinutes(1));
  }

  @Test
  void write_twoReplicasCreateTheSameSecret_secondLosesAndAdoptsTheFirst() {
    TlsSecretStore a = new TlsSecretStore(admin, namespace, "create-race");
    TlsSecretStore b = new TlsSecretStore(admin, namespace, "create-race");
    TlsSecretStore.Stored seenByA = a.read();
    TlsSecretStore.Stored seenByB = b.read();
    Instant now = Instant.now();
    TlsState stateA = planner().plan(seenByA.state(), now).orElseThrow().state();
    TlsState stateB = planner().plan(seenByB.state(), now).orElseThrow().state();

    assertThat(a.write(stateA, seenByA)).isTrue();
    assertThat(b.write(stateB, seenByB)).isFalse();

    TlsSecretStore.Stored after = b.read();
    assertThat(after.state().orElseThrow().serving().certificate())
        .isEqualTo(stateA.serving().certificate());
    assertThat(planner().plan(after.state(), now)).isEmpty();
  }

  @Test
  void write_staleResourceVersion_rejectedAndSecretKeepsTheWinner() {
    TlsSecretStore store = new TlsSecretStore(admin, namespace, "update-race");
    Instant now = Instant.now();
    TlsSecretStore.Stored empty = store.read();
    assertThat(store.write(planner().plan(Optional.empty(), now).orElseThrow().state(), empty))
        .isTrue();
    TlsSecretStore.Stored both = store.read();
    // Both replicas planned from the same read; one rotates the CA, the other renews the leaf.
    Instant later = now.plus(Duration.ofDays(21));
    TlsState winner = planner().plan(both.state(), later).orElseThrow().state();
    TlsState loser = planner().plan(both.state(), later).orElseThrow().state();

    assertThat(store.write(winner, both)).isTrue();
    assertThat(store.write(loser, both)).isFalse();

    TlsState stored = store.read().state().orElseThrow();
    assertThat(stored.trustBundle()).isEqualTo(winner.trustBundle());
    assertThat(stored.serving().certificate()).isEqualTo(winner.serving().certificate());
  }

  @Test
  void run_fourReplicasAtOnce_allServeTheStoredCertificateAndBundle() throws Exception {
    String vwc = webhookConfiguration();
    CyclicBarrier start = new CyclicBarrier(4);
    List<Future<TlsState>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path files = dir.resolve("replica-" + i);
      results.add(
          pool.submit(
              () -> {
                TlsSync sync =
                    new TlsSync(
                        new TlsSecretStore(admin, namespace, "replicas"),
                        new CaBundlePatcher(admin, vwc),
                        new ServingFiles(files),
                        planner(),
                        Clock.systemUTC());
                start.await();
                return sync.run();
              }));
    }
    List<TlsState> states = new ArrayList<>();
    for (Future<TlsState> f : results) {
      states.add(f.get());
    }

    TlsState stored = new TlsSecretStore(admin, namespace, "replicas").read().state().orElseThrow();
    assertThat(states)
        .allSatisfy(
            s -> assertThat(s.serving().certificate()).isEqualTo(stored.serving().certificate()));
    for (int i = 0; i < 4; i++) {
      assertThat(dir.resolve("replica-" + i).resolve("tls.crt"))
          .hasContent(Pem.certificates(List.of(stored.serving().certificate())));
    }
    assertThat(caBundles(vwc)).containsOnly(Pem.certificates(stored.trustBundle()));
  }

  @Test
  void run_unreadableSecretNotCeladors_refusedAndLeftAlone() {
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("someone-elses")
                .endMetadata()
                .withStringData(java.util.Map.of("tls.crt", "not ours"))
                .build())
        .create();
    TlsSync sync =
        new TlsSync(
            new TlsSecretStore(admin, namespace, "someone-elses"),
            new CaBundlePatcher(admin, "unused"),
            new ServingFiles(dir),
            planner(),
            Clock.systemUTC());

    org.assertj.core.api.Assertions.assertThatThrownBy(sync::run)
        .hasMessageContaining("Secret " + namespace + "/someone-elses: missing signing-ca.crt")
        .hasMessageContaining("it is not Celador's");
    assertThat(admin.secrets().inNamespace(namespace).withName("someone-elses").get().getData())
        .containsOnlyKeys("tls.crt");
  }

  @Test
  void ensure_caBundleOnEveryWebhook_otherFieldsKeptAndSecondCallUnchanged() {
    String vwc = webhookConfiguration();
    String bundle =
        Pem.certificates(
            planner().plan(Optional.empty(), Instant.now()).orElseThrow().state().trustBundle());
    CaBundlePatcher patcher = new CaBundlePatcher(admin, vwc);

    assertThat(patcher.ensure(bundle)).isEqualTo(CaBundlePatcher.Outcome.PATCHED);
    assertThat(patcher.ensure(bundle)).isEqualTo(CaBundlePatcher.Outcome.UNCHANGED);
    assertThat(new CaBundlePatcher(admin, "no-such-" + vwc).ensure(bundle))
        .isEqualTo(CaBundlePatcher.Outcome.NOT_FOUND);

    ValidatingWebhookConfiguration stored =
        admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(vwc).get();
    assertThat(caBundles(vwc)).containsExactly(bundle, bundle);
    assertThat(stored.getWebhooks().get(1).getFailurePolicy()).isEqualTo("Ignore");
    assertThat(stored.getWebhooks().get(0).getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1:1/validate");
  }

  private static List<String> caBundles(String vwc) {
    return admin
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(vwc)
        .get()
        .getWebhooks()
        .stream()
        .map(
            w ->
                new String(
                    Base64.getDecoder().decode(w.getClientConfig().getCaBundle()),
                    StandardCharsets.US_ASCII))
        .toList();
  }

  /** Two webhooks that match nothing (an operation no request has), so no request calls them. */
  private static String webhookConfiguration() {
    String name = "bootstrap-it-" + UUID.randomUUID().toString().substring(0, 8);
    var builder =
        new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(name).endMetadata();
    for (String policy : List.of("Fail", "Ignore")) {
      builder
          .addNewWebhook()
          .withName(policy.toLowerCase() + ".bootstrap-it.celador.dev")
          .withNewClientConfig()
          .withUrl("https://127.0.0.1:1/validate")
          .endClientConfig()
          .addNewRule()
          .withApiGroups("celador.dev")
          .withApiVersions("v1alpha1")
          .withOperations("CONNECT")
          .withResources("nothing")
          .endRule()
          .withFailurePolicy(policy)
          .withSideEffects("None")
          .withAdmissionReviewVersions("v1")
          .endWebhook();
    }
    admin
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(builder.build())
        .create();
    configurations.add(name);
    return name;
  }
}
