package dev.celador.conformance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.chart.Kubectl;
import dev.celador.conformance.chart.Tools;
import dev.celador.conformance.cluster.Fixtures;
import dev.celador.conformance.kube.KubeCluster;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.ObjectRequests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celador audit} (the packaged jar) against the real kube-apiserver: a few hundred Pods,
 * Deployments and ConfigMaps in four namespaces, about one workload in five breaking a Pod Security
 * rule. The oracle is the API server itself: the repository's 20 Pod Security policies are
 * installed as ValidatingAdmissionPolicies (bound to this test's namespaces only), and each stored
 * object is sent again as a server-side dry-run CREATE, which the API server either denies with a
 * policy's message or refuses as already existing. The audit must find exactly those objects, with
 * the cluster's policies and with the same policies from files; its PolicyReports must be accepted
 * by the upstream CRD (Kyverno's, from its Go module) with every field kept, and must follow fixes.
 */
class AuditIT {

  private static final String LABEL = "celador-audit-it";
  private static final int PODS = 60;
  private static final int DEPLOYMENTS = 10;
  private static KubeCluster cluster;
  private static KubernetesClient admin;
  private static final List<String> namespaces = new ArrayList<>();
  private static Path podSecurity;

  @BeforeAll
  static void start() throws Exception {
    cluster = KubeCluster.get();
    admin = cluster.client();
    podSecurity = Path.of(System.getProperty("repo.root", "..")).resolve("policies/pod-security");
    new Kubectl(cluster).installCrds(Tools.thirdPartyCrds().resolve("policyreport.yaml"));
    for (int n = 0; n < 4; n++) {
      String ns = "audit-" + n + "-" + Fixtures.suffix();
      Fixtures.createNamespace(admin, ns, Map.of(LABEL, "true"));
      namespaces.add(ns);
      for (int i = 0; i < PODS; i++) {
        AuditWorkloads.createPod(admin, ns, "pod-" + i, AuditWorkloads.podFlaw(i));
      }
      for (int i = 0; i < DEPLOYMENTS; i++) {
        AuditWorkloads.createDeployment(admin, ns, "web-" + i, AuditWorkloads.deploymentFlaw(i));
      }
      for (int i = 0; i < 5; i++) {
        AuditWorkloads.createConfigMap(admin, ns, "config-" + i);
      }
    }
    installPodSecurityPolicies();
  }

  /** The Pod Security VAPs as they are; their bindings renamed and narrowed to this test. */
  private static void installPodSecurityPolicies() throws IOException, InterruptedException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(podSecurity)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith("_test.yaml"))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      for (HasMetadata object : admin.load(Files.newInputStream(file)).items()) {
        if (object instanceof GenericKubernetesResource binding
            && binding.getKind().equals("ValidatingAdmissionPolicyBinding")) {
          narrow(binding);
        } else if (object.getKind().equals("ValidatingAdmissionPolicyBinding")) {
          GenericKubernetesResource generic =
              admin
                  .getKubernetesSerialization()
                  .convertValue(object, GenericKubernetesResource.class);
          narrow(generic);
          object = generic;
        }
        admin.resource(object).forceConflicts().serverSideApply();
      }
    }
    // The API server enforces a new policy once its informers have it: wait for a denial.
    String ns = namespaces.get(0);
    assertThat(
            Fixtures.eventually(
                () -> {
                  String probe = "probe-" + Fixtures.suffix();
                  try {
                    admin
                        .resource(
                            "apiVersion: v1\nkind: Pod\nmetadata: {name: "
                                + probe
                                + ", namespace: "
                                + ns
                                + "}\nspec: {containers: [{name: a, image: a, securityContext:"
                                + " {privileged: true}}]}\n")
                        .dryRun()
                        .create();
                    return false;
                  } catch (KubernetesClientException e) {
                    return e.getMessage().contains("ValidatingAdmissionPolicy");
                  }
                }))
        .as("the API server enforces the Pod Security policies")
        .isTrue();
  }

  @SuppressWarnings("unchecked")
  private static void narrow(GenericKubernetesResource binding) {
    binding.getMetadata().setName(binding.getMetadata().getName() + "-audit-it");
    Map<String, Object> spec = (Map<String, Object>) binding.getAdditionalProperties().get("spec");
    spec.put(
        "matchResources",
        Map.of("namespaceSelector", Map.of("matchLabels", Map.of(LABEL, "true"))));
  }

  @Test
  void audit_sourceCluster_findsExactlyWhatTheApiServerDeniesAndReportsFollowFixes(
      @TempDir Path work) throws Exception {
    Set<String> expected = apiServerDenials();
    assertThat(expected).hasSizeBetween(40, 150);

    Map<String, Object> first = audit(work, 3, "--source", "cluster");
    assertThat(deniedHere(first)).isEqualTo(expected);
    for (String ns : namespaces) {
      Map<String, Object> report = report(ns);
      assertThat(report).as("PolicyReport of " + ns).isNotNull();
      assertThat(failedObjects(report))
          .isEqualTo(
              expected.stream()
                  .filter(o -> o.startsWith(ns + "/"))
                  .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
      assertWellFormed(report);
    }

    // Fix one violator (a Pod's security context is immutable: recreate it), and empty a namespace.
    String ns = namespaces.get(0);
    admin.pods().inNamespace(ns).withName("pod-4").withGracePeriod(0).delete();
    admin
        .pods()
        .inNamespace(ns)
        .withName("pod-4")
        .waitUntilCondition(p -> p == null, 30, TimeUnit.SECONDS);
    AuditWorkloads.createPod(admin, ns, "pod-4", AuditWorkloads.Flaw.NONE);
    String emptied = namespaces.get(3);
    admin.pods().inNamespace(emptied).withGracePeriod(0).delete();
    admin.apps().deployments().inNamespace(emptied).delete();
    assertThat(
            Fixtures.eventually(
                () ->
                    admin.pods().inNamespace(emptied).list().getItems().isEmpty()
                        && admin
                            .apps()
                            .deployments()
                            .inNamespace(emptied)
                            .list()
                            .getItems()
                            .isEmpty()))
        .isTrue();

    Set<String> fixed = apiServerDenials();
    assertThat(fixed).doesNotContain(ns + "/Pod/pod-4").noneMatch(o -> o.startsWith(emptied + "/"));
    Map<String, Object> second = audit(work, 3, "--source", "cluster");
    assertThat(deniedHere(second)).isEqualTo(fixed);
    assertThat(failedObjects(report(ns))).doesNotContain(ns + "/Pod/pod-4");
    assertThat(passedObjects(report(ns))).contains(ns + "/Pod/pod-4");
    assertThat(report(emptied)).as("the report of a namespace with no results").isNull();
  }

  @Test
  void audit_policyFiles_sameViolatorsAsTheEnginesAdmit(@TempDir Path work) throws Exception {
    Map<String, Object> result =
        audit(work, 3, "--policies", podSecurity.toString(), "--no-reports");
    assertThat(result).doesNotContainKey("reports");
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      assertThat(engine.reload(List.of(podSecurity)).hasErrors()).isFalse();
      Set<String> admitDenies = new TreeSet<>();
      AdmissionRequest.UserInfo user =
          new AdmissionRequest.UserInfo(
              "kubernetes-admin", "", List.of("system:masters", "system:authenticated"), Map.of());
      for (GenericKubernetesResource o : stored()) {
        Map<String, Object> map = admin.getKubernetesSerialization().convertValue(o, Map.class);
        if (!engine.admit(ObjectRequests.create(map, "", user)).allowed()) {
          admitDenies.add(
              key(o.getMetadata().getNamespace(), o.getKind(), o.getMetadata().getName()));
        }
      }
      assertThat(deniedHere(result)).isNotEmpty().isEqualTo(admitDenies);
    }
  }

  /** Every Pod and Deployment of this test's namespaces, as stored. */
  private static List<GenericKubernetesResource> stored() {
    List<GenericKubernetesResource> all = new ArrayList<>();
    for (String ns : namespaces) {
      for (String[] kind :
          List.of(new String[] {"v1", "Pod"}, new String[] {"apps/v1", "Deployment"})) {
        for (GenericKubernetesResource o :
            admin.genericKubernetesResources(kind[0], kind[1]).inNamespace(ns).list().getItems()) {
          o.setApiVersion(kind[0]);
          o.setKind(kind[1]);
          all.add(o);
        }
      }
    }
    return all;
  }

  /** The stored objects the API server denies when they are created again (dry run). */
  private static Set<String> apiServerDenials() {
    Set<String> denied = new TreeSet<>();
    for (GenericKubernetesResource o : stored()) {
      o.getMetadata().setResourceVersion(null);
      o.getMetadata().setUid(null);
      o.getMetadata().setCreationTimestamp(null);
      o.getMetadata().setManagedFields(null);
      try {
        admin.resource(o).dryRun().create();
        throw new AssertionError("a dry-run create of a stored object succeeded: " + o);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          continue; // admitted, then found to exist already
        }
        assertThat(e.getMessage()).contains("ValidatingAdmissionPolicy");
        denied.add(key(o.getMetadata().getNamespace(), o.getKind(), o.getMetadata().getName()));
      }
    }
    return denied;
  }

  /** Runs {@code celador audit} with the harness kubeconfig; its JSON output. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> audit(Path work, int exit, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(System.getProperty("celador.jar", "../cli/target/celador.jar"));
    cmd.add("audit");
    cmd.add("--kubeconfig");
    cmd.add(cluster.kubeconfig().toString());
    cmd.add("-o");
    cmd.add("json");
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(work, "audit", ".json");
    Path err = Files.createTempFile(work, "audit", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(exit);
    return admin.getKubernetesSerialization().unmarshal(Files.readString(out), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> deniedHere(Map<String, Object> audit) {
    Set<String> denied = new TreeSet<>();
    for (Map<String, Object> d : (List<Map<String, Object>>) audit.get("denied")) {
      if (namespaces.contains(d.get("namespace"))) {
        denied.add(
            key((String) d.get("namespace"), (String) d.get("kind"), (String) d.get("name")));
      }
    }
    return denied;
  }

  private static Map<String, Object> report(String namespace) {
    GenericKubernetesResource r = AuditWorkloads.report(admin, namespace);
    return r == null ? null : admin.getKubernetesSerialization().convertValue(r, Map.class);
  }

  private static Set<String> failedObjects(Map<String, Object> report) {
    return objects(report, "fail");
  }

  private static Set<String> passedObjects(Map<String, Object> report) {
    return objects(report, "pass");
  }

  @SuppressWarnings("unchecked")
  private static Set<String> objects(Map<String, Object> report, String result) {
    Set<String> objects = new TreeSet<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) report.get("results")) {
      if (result.equals(r.get("result"))) {
        for (Map<String, Object> ref : (List<Map<String, Object>>) r.get("resources")) {
          objects.add(
              key(
                  (String) ref.get("namespace"),
                  (String) ref.get("kind"),
                  (String) ref.get("name")));
        }
      }
    }
    return objects;
  }

  /** Every field written survived the CRD's structural schema (unknown fields would be pruned). */
  @SuppressWarnings("unchecked")
  private static void assertWellFormed(Map<String, Object> report) {
    List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
    assertThat(results).isNotEmpty();
    long fails = 0;
    for (Map<String, Object> r : results) {
      assertThat(r)
          .containsKeys("source", "policy", "rule", "result", "scored", "timestamp", "resources");
      assertThat(r.get("source")).isEqualTo("celador");
      assertThat((Map<String, Object>) r.get("timestamp")).containsKeys("seconds", "nanos");
      assertThat((List<Map<String, Object>>) r.get("resources"))
          .singleElement()
          .satisfies(
              ref ->
                  assertThat(ref).containsKeys("apiVersion", "kind", "namespace", "name", "uid"));
      if (r.get("result").equals("fail")) {
        fails++;
        assertThat(r).containsKey("message");
      }
    }
    Map<String, Object> summary = (Map<String, Object>) report.get("summary");
    assertThat(((Number) summary.get("fail")).longValue()).isEqualTo(fails);
    assertThat(((Number) summary.get("pass")).longValue() + fails).isEqualTo(results.size());
  }

  private static String key(String namespace, String kind, String name) {
    return namespace + "/" + kind + "/" + name;
  }
}
