package dev.celador.conformance.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * charts/celador through the real helm (built from helm.sh/helm/v3): lint for every values file,
 * the schema's rejections, the generated README, and what the renders promise about security.
 * {@link ChartDryRunIT} sends the same renders to a real kube-apiserver.
 */
class ChartIT {

  static List<String> valuesCases() {
    return Chart.valuesCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void lint_strict_passes(String valuesCase) {
    Command lint = Chart.lint(valuesCase);

    assertThat(lint.exit()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void valuesCases_includeDefaultAndEveryCiFile() {
    assertThat(valuesCases()).contains("default").hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void schema_wrongType_rejectedNamingTheField() {
    Command c = Chart.template("r", "celador", "default", "--set", "extAuthz.replicaCount=two");

    assertThat(c.exit()).isNotZero();
    assertThat(c.output()).contains("/extAuthz/replicaCount").contains("want integer");
  }

  @Test
  void schema_misspelledKey_rejected() {
    Command c = Chart.template("r", "celador", "default", "--set", "extAuthz.replicas=3");

    assertThat(c.exit()).isNotZero();
    assertThat(c.output()).contains("replicas");
  }

  @Test
  void schema_unknownTlsMode_rejected() {
    Command c = Chart.template("r", "celador", "default", "--set", "admission.tls.mode=selfSigned");

    assertThat(c.exit()).isNotZero();
    assertThat(c.output()).contains("/admission/tls/mode");
  }

  @Test
  void schema_settingWithoutCeladorPrefix_rejected() {
    Command c = Chart.template("r", "celador", "default", "--set", "settings.grpc\\.port=1");

    assertThat(c.exit()).isNotZero();
    // helm names the location of a $ref'd schema oddly; the offending name and rule are what count.
    assertThat(c.output()).contains("'grpc.port' does not match pattern");
  }

  @Test
  void crdPolicies_extAuthzReadsOnlyTheListedNamespaces() {
    List<HasMetadata> objects =
        Chart.objects(Chart.render("r", "celador", "crd-source-values.yaml"));

    assertThat(ofKind(objects, RoleBinding.class))
        .filteredOn(b -> b.getRoleRef().getName().endsWith("-policy-reader"))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop", "billing");
    assertThat(ofKind(objects, ClusterRoleBinding.class))
        .extracting(b -> b.getRoleRef().getName())
        .noneMatch(name -> name.endsWith("-celador-policy-reader"));
    ConfigMap settings = settings(objects);
    assertThat(settings.getData().get("ext-authz.yaml"))
        .contains("celador.policies.source: \"cluster\"")
        .contains("celador.cluster.namespaces: \"shop,billing\"");
    assertThat(settings.getData().get("admission.yaml"))
        .contains("celador.webhook.source: \"cluster\"");
  }

  @Test
  void crdPolicies_rolesMayWriteStatusAndEventsButNeverSpecs() {
    List<HasMetadata> objects =
        Chart.objects(Chart.render("r", "celador", "crd-source-values.yaml"));

    List<PolicyRule> rules =
        ofKind(objects, ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("policy-reader"))
            .flatMap(r -> r.getRules().stream())
            .toList();
    assertThat(rules)
        .filteredOn(r -> r.getApiGroups().contains("celador.dev"))
        .allSatisfy(
            r ->
                assertThat(r.getVerbs().contains("update"))
                    .as("update only on /status: %s", r.getResources())
                    .isEqualTo(r.getResources().stream().allMatch(x -> x.endsWith("/status"))));
    assertThat(rules)
        .flatExtracting(PolicyRule::getResources)
        .contains(
            "accesspolicies/status",
            "jwtauthentications/status",
            "ratelimitpolicies/status",
            "validatingpolicies/status",
            "validatingpolicybindings/status",
            "events");
    assertThat(settings(objects).getData().get("admission.yaml"))
        .as("/validate-celador judges tenancy against the same root namespace")
        .contains("celador.root-namespace: \"celador\"");
  }

  @Test
  void admissionWebhook_leavesOutLeasesEventsAndItsNamespaceAndChecksCeladorKinds() {
    List<HasMetadata> objects =
        Chart.objects(Chart.render("r", "celador", "admission-bootstrap-values.yaml"));

    ValidatingWebhookConfiguration configuration =
        ofKind(objects, ValidatingWebhookConfiguration.class).get(0);
    var main = configuration.getWebhooks().get(0);
    assertThat(main.getMatchConditions())
        .extracting(c -> c.getExpression())
        .anySatisfy(e -> assertThat(e).contains("coordination.k8s.io").contains("leases"))
        .anySatisfy(e -> assertThat(e).contains("events"));
    var own = configuration.getWebhooks().get(1);
    assertThat(own.getName()).isEqualTo("objects.celador.dev");
    assertThat(own.getClientConfig().getService().getPath()).isEqualTo("/validate-celador");
    assertThat(own.getNamespaceSelector()).as("root-namespace policies are checked too").isNull();
    assertThat(own.getFailurePolicy()).isEqualTo("Fail");
    assertThat(own.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("celador.dev");
              assertThat(r.getResources()).contains("accesspolicies", "validatingpolicies");
            });
  }

  @Test
  void admissionMutating_registersMutateBesideValidateAndLetsBootstrapPatchIt() {
    List<HasMetadata> objects =
        Chart.objects(Chart.render("r", "celador", "admission-mutating-values.yaml"));

    MutatingWebhookConfiguration mutating =
        ofKind(objects, MutatingWebhookConfiguration.class).get(0);
    assertThat(mutating.getMetadata().getName())
        .isEqualTo(
            ofKind(objects, ValidatingWebhookConfiguration.class).get(0).getMetadata().getName());
    var hook = mutating.getWebhooks().get(0);
    assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
    assertThat(hook.getReinvocationPolicy()).isEqualTo("IfNeeded");
    assertThat(hook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(hook.getRules())
        .singleElement()
        .satisfies(r -> assertThat(r.getResources()).containsExactly("deployments"));
    assertThat(hook.getNamespaceSelector().getMatchExpressions())
        .as("never its own namespace")
        .anySatisfy(e -> assertThat(e.getValues()).containsExactly("celador"));
    assertThat(settings(objects).getData().get("admission.yaml"))
        .contains(
            "celador.webhook.tls.mutating-webhook-configuration: \""
                + mutating.getMetadata().getName()
                + "\"");
    assertThat(ofKind(objects, ClusterRole.class))
        .flatExtracting(ClusterRole::getRules)
        .flatExtracting(PolicyRule::getResources)
        .contains("mutatingwebhookconfigurations");
    List<HasMetadata> validatingOnly =
        Chart.objects(Chart.render("r", "celador", "admission-bootstrap-values.yaml"));
    assertThat(ofKind(validatingOnly, MutatingWebhookConfiguration.class))
        .as("off by default")
        .isEmpty();
    assertThat(settings(validatingOnly).getData().get("admission.yaml")).doesNotContain("mutating");
    assertThat(ofKind(validatingOnly, ClusterRole.class))
        .flatExtracting(ClusterRole::getRules)
        .flatExtracting(PolicyRule::getResources)
        .doesNotContain("mutatingwebhookconfigurations");
  }

  @Test
  void admissionAudit_settingsAndListAccessToTheAuditedKindsAndReportsOnly() {
    List<HasMetadata> objects =
        Chart.objects(
            Chart.render(
                "r",
                "celador",
                "admission-bootstrap-values.yaml",
                "--set",
                "admission.audit.enabled=true",
                "--set",
                "admission.audit.interval=30m"));

    assertThat(settings(objects).getData().get("admission.yaml"))
        .contains("celador.audit.enabled: \"true\"")
        .contains("celador.audit.interval: \"30m\"");
    ClusterRole audit =
        ofKind(objects, ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-admission-audit"))
            .findFirst()
            .orElseThrow();
    assertThat(audit.getRules())
        .filteredOn(r -> !r.getApiGroups().contains("wgpolicyk8s.io"))
        .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "list", "watch"))
        .flatExtracting(PolicyRule::getResources)
        .contains("pods", "deployments", "cronjobs")
        .doesNotContain("secrets", "*");
    assertThat(audit.getRules())
        .filteredOn(r -> r.getApiGroups().contains("wgpolicyk8s.io"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getResources())
                    .containsExactly("policyreports", "clusterpolicyreports"));
    assertThat(ofKind(objects, ClusterRoleBinding.class))
        .extracting(b -> b.getRoleRef().getName())
        .contains(audit.getMetadata().getName());
    Role lease =
        ofKind(objects, Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-admission-audit-lease"))
            .findFirst()
            .orElseThrow();
    assertThat(lease.getRules())
        .as("replicas elect one auditor: Leases in the release namespace, nothing else")
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(r.getResources()).containsExactly("leases");
              assertThat(r.getVerbs()).containsExactly("get", "create", "update");
            });
    assertThat(ofKind(objects, RoleBinding.class))
        .extracting(b -> b.getRoleRef().getName())
        .contains(lease.getMetadata().getName());
    assertThat(
            Chart.objects(Chart.render("r", "celador", "admission-bootstrap-values.yaml")).stream()
                .map(o -> o.getMetadata().getName()))
        .as("off by default")
        .noneMatch(n -> n.endsWith("-admission-audit") || n.endsWith("-admission-audit-lease"));
  }

  @Test
  void defaults_extAuthzGetsSafePolicyDefaultsAndTheReleaseNamespaceAsRoot() {
    List<HasMetadata> objects = Chart.objects(Chart.render("r", "tenants", "default"));

    ConfigMap settings = settings(objects);
    assertThat(settings.getData().get("ext-authz.yaml"))
        .contains("celador.root-namespace: \"tenants\"")
        .contains("celador.default-action: \"deny\"")
        .contains("celador.policies.allow-empty: \"false\"")
        .contains("celador.http.identity.xfcc: \"false\"");
  }

  private static ConfigMap settings(List<HasMetadata> objects) {
    return ofKind(objects, ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().endsWith("-settings"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void readme_valuesTable_upToDate() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Command check =
        Command.run(
            Tools.repoRoot(),
            Duration.ofMinutes(1),
            List.of(
                java.toString(),
                Tools.repoRoot().resolve("charts/ValuesReadme.java").toString(),
                Tools.chart().toString(),
                "--check"));

    assertThat(check.exit()).as(check.output()).isZero();
  }

  @Test
  void defaultValues_extAuthzOnly_restrictedPodWithoutApiToken() {
    List<HasMetadata> objects = Chart.objects(Chart.render("r", "celador", "default"));

    List<Deployment> deployments = ofKind(objects, Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("r-celador-ext-authz");
    PodSpec pod = deployments.get(0).getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = pod.getContainers().get(0).getSecurityContext();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getContainers().get(0).getResources().getLimits()).containsKey("memory");
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .doesNotContain("Role", "ClusterRole", "ValidatingWebhookConfiguration")
        .contains("Service", "PodDisruptionBudget", "ServiceAccount", "ConfigMap");
  }

  @Test
  void admissionBootstrap_rbacPinnedToItsOwnSecretAndWebhook() {
    List<HasMetadata> objects =
        Chart.objects(Chart.render("r", "celador", "admission-bootstrap-values.yaml"));

    Role tls = ofKind(objects, Role.class).get(0);
    List<PolicyRule> rules = tls.getRules();
    assertThat(rules)
        .filteredOn(r -> !r.getVerbs().equals(List.of("create")))
        .allSatisfy(
            r -> assertThat(r.getResourceNames()).containsExactly("r-celador-admission-tls"));
    ValidatingWebhookConfiguration webhook =
        ofKind(objects, ValidatingWebhookConfiguration.class).get(0);
    var expressions = webhook.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions();
    assertThat(expressions)
        .anySatisfy(
            e -> {
              assertThat(e.getOperator()).isEqualTo("NotIn");
              assertThat(e.getValues()).contains("celador");
            });
    assertThat(webhook.getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    assertThat(ofKind(objects, Deployment.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                    .isTrue());
  }

  @Test
  void certManagerMode_injectsCaFromItsCertificate() {
    List<HasMetadata> objects =
        Chart.objects(Chart.render("r", "celador", "admission-cert-manager-values.yaml"));

    ValidatingWebhookConfiguration webhook =
        ofKind(objects, ValidatingWebhookConfiguration.class).get(0);
    assertThat(webhook.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "celador/r-celador-admission");
    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("Certificate"))
        .extracting(o -> o.getMetadata().getName())
        .contains("r-celador-admission");
  }

  static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
