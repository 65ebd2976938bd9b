package dev.celador.conformance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.chart.Command;
import dev.celador.conformance.chart.Kubectl;
import dev.celador.conformance.kube.KubeCluster;
import dev.celador.webhook.WebhookApplication;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The validating webhook for Celador's own kinds ({@code POST /validate-celador}) behind a real
 * kube-apiserver: {@code kubectl apply} of a broken or cross-namespace {@code celador.dev} object
 * is refused with the {@code file:line:col} message {@code celador check} prints, naming the field;
 * a valid one is stored. The configuration selects only objects labelled with this run, so no other
 * test meets it.
 */
class CeladorObjectWebhookIT {

  private static final String HOOK = "objects.celador.dev";
  private static final String LABEL = "celador-objects-test";

  @TempDir static Path dir;
  private static KubeCluster cluster;
  private static KubernetesClient admin;
  private static ConfigurableApplicationContext webhook;
  private static final String run = Fixtures.suffix();
  private static final String configuration = "celador-objects-" + run;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    cluster = KubeCluster.get();
    if (!cluster.isLocal()) {
      Assumptions.abort("a -De2e.kubeconfig API server cannot call a webhook on 127.0.0.1");
    }
    admin = cluster.client();
    kubectl = new Kubectl(cluster);
    CeladorCrds.install(admin);
    WebhookTestTls tls = WebhookTestTls.write(dir, List.of("127.0.0.1"));
    webhook =
        new SpringApplication(WebhookApplication.class)
            .run(
                "--celador.webhook.source=cluster",
                "--celador.webhook.kubeconfig=" + cluster.kubeconfig(),
                "--celador.webhook.host=127.0.0.1",
                "--celador.webhook.port=0",
                "--celador.webhook.management-port=0",
                "--celador.webhook.tls.certificate=file:" + dir.resolve("tls.crt"),
                "--celador.webhook.tls.private-key=file:" + dir.resolve("tls.key"),
                "--celador.root-namespace=celador-system");
    int port = Integer.parseInt(webhook.getEnvironment().getProperty("local.server.port"));
    register(port, tls.caPem());
    // The API server picks a new configuration up from its informer: wait until it calls us.
    String ns = Fixtures.namespace(admin);
    String probe = accessPolicy(ns, "probe", "request.nope == 1");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!apply(probe).output().contains(HOOK)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the API server never called " + HOOK);
      }
      admin.genericKubernetesResources(Fixtures.ACCESS_POLICY).inNamespace(ns).delete();
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .withName(configuration)
          .delete();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  private static void register(int port, String caPem) {
    var rule =
        new RuleWithOperationsBuilder()
            .withApiGroups("celador.dev")
            .withApiVersions("v1alpha1")
            .withOperations("CREATE", "UPDATE")
            .withResources(
                "accesspolicies",
                "jwtauthentications",
                "ratelimitpolicies",
                "validatingpolicies",
                "validatingpolicybindings")
            .withScope("*")
            .build();
    var hook =
        new ValidatingWebhookBuilder()
            .withName(HOOK)
            .withNewClientConfig()
            .withUrl("https://127.0.0.1:" + port + "/validate-celador")
            .withCaBundle(
                Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
            .endClientConfig()
            .withRules(rule)
            .withNewObjectSelector()
            .withMatchLabels(Map.of(LABEL, run))
            .endObjectSelector()
            .withFailurePolicy("Fail")
            .withSideEffects("None")
            .withAdmissionReviewVersions("v1")
            .withTimeoutSeconds(10)
            .build();
    admin
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(configuration)
                .endMetadata()
                .withWebhooks(hook)
                .build())
        .create();
  }

  private static String accessPolicy(String ns, String name, String when) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: %s, namespace: %s, labels: {%s: '%s'}}
        spec:
          action: ALLOW
          rules:
            - name: only
              when: %s
        """
        .formatted(name, ns, LABEL, run, CeladorYaml.quoted(when));
  }

  private static Command apply(String yaml) {
    return kubectl.tryApply(Kubectl.write(dir, "object-" + Fixtures.suffix() + ".yaml", yaml));
  }

  private static boolean stored(
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext type,
      String ns,
      String name) {
    var resources = admin.genericKubernetesResources(type);
    return (ns == null ? resources : resources.inNamespace(ns)).withName(name).get() != null;
  }

  @Test
  void kubectlApply_brokenCel_refusedWithCheckStyleMessageAtTheField() {
    String ns = Fixtures.namespace(admin);

    Command result = apply(accessPolicy(ns, "broken", "request.nope == 1"));

    assertThat(result.exit()).as(result.output()).isNotZero();
    assertThat(result.output())
        .contains("admission webhook \"" + HOOK + "\" denied the request:")
        .containsPattern(
            "celador\\.dev/v1alpha1/AccessPolicy/"
                + ns
                + "/broken:\\d+:\\d+: error\\[\\w+\\]: [^\\n]*nope[^\\n]*"
                + " \\(field spec\\.rules\\[0\\]\\.when\\)")
        .contains("request.nope == 1");
    assertThat(stored(Fixtures.ACCESS_POLICY, ns, "broken")).isFalse();
  }

  @Test
  void kubectlApply_validObject_stored() {
    String ns = Fixtures.namespace(admin);

    Command result = apply(accessPolicy(ns, "fine", "request.method == \"GET\""));

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(stored(Fixtures.ACCESS_POLICY, ns, "fine")).isTrue();
  }

  @Test
  void kubectlApply_tenantObjectsReachingAnotherNamespace_eachRefusedAtTheField() {
    String tenant = Fixtures.namespace(admin);
    String victim = Fixtures.namespace(admin);
    String labels = "{" + LABEL + ": '" + run + "'}";

    for (TenantAttacks.Attack attack :
        TenantAttacks.all(tenant, victim, "api." + victim + ".svc.cluster.local", labels)) {
      Command result = apply(attack.yaml());

      assertThat(result.exit()).as(result.output()).isNotZero();
      assertThat(result.output())
          .as(attack.name())
          .contains("admission webhook \"" + HOOK + "\" denied the request:")
          .contains("/" + tenant + "/" + attack.name() + ":")
          .contains("error[outside_namespace]")
          .contains("(field " + attack.field() + ")");
      assertThat(stored(attack.type(), tenant, attack.name())).isFalse();
    }
  }

  @Test
  void kubectlApply_brokenClusterScopedValidatingPolicy_refused() {
    String name = "broken-" + Fixtures.suffix();
    String yaml =
        CeladorYaml.validatingPolicy(
                name,
                "",
                CeladorYaml.CONFIGMAP_CREATES,
                "object.data.nope(",
                CeladorYaml.message("never"))
            .replace(
                "metadata: {name: " + name + "}",
                "metadata: {name: " + name + ", labels: {" + LABEL + ": '" + run + "'}}");

    Command result = apply(yaml);

    assertThat(result.exit()).as(result.output()).isNotZero();
    assertThat(result.output())
        .contains("celador.dev/v1alpha1/ValidatingPolicy/" + name + ":")
        .contains("(field spec.validations[0].expression)");
    assertThat(stored(Fixtures.VALIDATING_POLICY, null, name)).isFalse();
  }
}
