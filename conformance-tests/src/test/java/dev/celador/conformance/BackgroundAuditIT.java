package dev.celador.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.audit.AuditWorkloads;
import dev.celador.conformance.audit.AuditWorkloads.Flaw;
import dev.celador.conformance.chart.Kubectl;
import dev.celador.conformance.chart.Tools;
import dev.celador.conformance.cluster.Fixtures;
import dev.celador.conformance.kube.KubeCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background audit of {@code celador serve --admission} ({@code celador.audit.enabled}) against
 * the real kube-apiserver: it judges the stored Pods with the webhook's policies every interval,
 * exports the counts on the management port, and keeps the PolicyReport current as objects are
 * fixed and removed.
 */
class BackgroundAuditIT {

  @TempDir Path work;

  /** Denies privileged Pods, in this test's namespace only (other tests share the cluster). */
  private static String policy(String namespace) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: no-privileged-NS}
        spec:
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}
          matchConditions:
          - {name: this-test, expression: "object.metadata.namespace == 'NS'"}
          validations:
          - expression: "object.spec.containers.all(c, !(c.?securityContext.?privileged.orValue(false)))"
            message: privileged containers are not allowed
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: no-privileged-NS}
        spec: {policyName: no-privileged-NS, validationActions: [Deny]}
        """
        .replace("NS", namespace);
  }

  @Test
  void backgroundAudit_violatorsFixedAndRemoved_metricsAndReportFollow() throws Exception {
    KubeCluster cluster = KubeCluster.get();
    KubernetesClient admin = cluster.client();
    new Kubectl(cluster).installCrds(Tools.thirdPartyCrds().resolve("policyreport.yaml"));
    String ns = Fixtures.namespace(admin);
    for (int i = 0; i < 6; i++) {
      AuditWorkloads.createPod(admin, ns, "pod-" + i, i % 3 == 0 ? Flaw.PRIVILEGED : Flaw.NONE);
    }
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(policies.resolve("no-privileged.yaml"), policy(ns));
    AdmissionServeIT.ServingTls tls = AdmissionServeIT.ServingTls.write(work);

    try (CeladorProcess celador = auditing(cluster, policies, tls, "replica", "celador-audit")) {
      // The first audit runs once the webhook listens: Spring's start-up, on a shared machine.
      assertThat(within(120, () -> metric(celador, "celador_audit_denied_objects") == 2))
          .as(celador.log())
          .isTrue();
      assertThat(metric(celador, "celador_audit_results{result=\"fail\"}")).isEqualTo(2);
      assertThat(metric(celador, "celador_audit_results{result=\"pass\"}")).isEqualTo(4);
      assertThat(failed(admin, ns)).containsExactly("pod-0", "pod-3");

      admin.pods().inNamespace(ns).withName("pod-3").withGracePeriod(0).delete();
      admin
          .pods()
          .inNamespace(ns)
          .withName("pod-3")
          .waitUntilCondition(p -> p == null, 30, TimeUnit.SECONDS);
      AuditWorkloads.createPod(admin, ns, "pod-3", Flaw.NONE);
      assertThat(
              Fixtures.eventually(
                  () ->
                      metric(celador, "celador_audit_denied_objects") == 1
                          && failed(admin, ns).equals(Set.of("pod-0"))))
          .as(celador.log())
          .isTrue();

      admin.pods().inNamespace(ns).withGracePeriod(0).delete();
      assertThat(Fixtures.eventually(() -> AuditWorkloads.report(admin, ns) == null))
          .as("the report of a namespace with no results is deleted")
          .isTrue();
      assertThat(metric(celador, "celador_audit_runs_total{result=\"failure\"}")).isZero();
    }
  }

  @Test
  void backgroundAudit_twoReplicas_oneAuditsAndTheOtherTakesOverWhenItStops() throws Exception {
    KubeCluster cluster = KubeCluster.get();
    KubernetesClient admin = cluster.client();
    new Kubectl(cluster).installCrds(Tools.thirdPartyCrds().resolve("policyreport.yaml"));
    String ns = Fixtures.namespace(admin);
    AuditWorkloads.createPod(admin, ns, "pod-0", Flaw.PRIVILEGED);
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(policies.resolve("no-privileged.yaml"), policy(ns));
    AdmissionServeIT.ServingTls tls = AdmissionServeIT.ServingTls.write(work);
    // Its own report (and so its own Lease): other tests on the shared cluster audit too.
    String report = "leader-" + ns;

    try (CeladorProcess a = auditing(cluster, policies, tls, "a", report);
        CeladorProcess b = auditing(cluster, policies, tls, "b", report)) {
      assertThat(
              within(
                  120,
                  () -> metric(a, "celador_audit_leader") + metric(b, "celador_audit_leader") == 1))
          .as("exactly one replica leads\n" + a.log() + "\n" + b.log())
          .isTrue();
      CeladorProcess leader = metric(a, "celador_audit_leader") == 1 ? a : b;
      CeladorProcess follower = leader == a ? b : a;
      assertThat(within(60, () -> metric(leader, "celador_audit_denied_objects") == 1))
          .as(leader.log())
          .isTrue();
      assertThat(failed(admin, ns, report)).containsExactly("pod-0");
      assertThat(metric(follower, "celador_audit_runs_total{result=\"success\"}"))
          .as("the follower never audits")
          .isZero();
      String holder =
          admin
              .leases()
              .inNamespace("default")
              .withName(report)
              .get()
              .getSpec()
              .getHolderIdentity();
      assertThat(holder).isNotBlank();

      leader.close();
      assertThat(
              within(
                  60,
                  () ->
                      metric(follower, "celador_audit_leader") == 1
                          && metric(follower, "celador_audit_runs_total{result=\"success\"}") >= 1))
          .as("the other replica takes over once the leader releases the Lease\n" + follower.log())
          .isTrue();
      assertThat(
              admin
                  .leases()
                  .inNamespace("default")
                  .withName(report)
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isNotEqualTo(holder);
    }
  }

  private CeladorProcess auditing(
      KubeCluster cluster,
      Path policies,
      AdmissionServeIT.ServingTls tls,
      String replica,
      String report)
      throws Exception {
    return CeladorProcess.start(
        policies,
        Files.createDirectories(work.resolve(replica)),
        List.of("--admission"),
        "celador.policies.allow-empty=true",
        "celador.webhook.host=127.0.0.1",
        "celador.webhook.port=" + CeladorProcess.freePort(),
        "celador.webhook.tls.certificate=" + tls.certificate(),
        "celador.webhook.tls.private-key=" + tls.privateKey(),
        "celador.webhook.kubeconfig=" + cluster.kubeconfig(),
        "celador.audit.enabled=true",
        "celador.audit.interval=1s",
        "celador.audit.report-name=" + report);
  }

  private static boolean within(int seconds, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return condition.getAsBoolean();
  }

  /**
   * The value of the Prometheus sample {@code name} (with its labels) on /metrics; -1 if absent.
   */
  private static double metric(CeladorProcess celador, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$")
            .matcher(celador.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static Set<String> failed(KubernetesClient admin, String ns) {
    return failed(admin, ns, "celador-audit");
  }

  @SuppressWarnings("unchecked")
  private static Set<String> failed(KubernetesClient admin, String ns, String name) {
    Set<String> names = new TreeSet<>();
    GenericKubernetesResource report = AuditWorkloads.report(admin, ns, name);
    if (report == null) {
      return names;
    }
    for (Map<String, Object> r :
        (List<Map<String, Object>>) report.getAdditionalProperties().get("results")) {
      if ("fail".equals(r.get("result"))) {
        for (Map<String, Object> ref : (List<Map<String, Object>>) r.get("resources")) {
          names.add((String) ref.get("name"));
        }
      }
    }
    return names;
  }
}
