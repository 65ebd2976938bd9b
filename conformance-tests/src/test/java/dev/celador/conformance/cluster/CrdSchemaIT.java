package dev.celador.conformance.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cluster.CustomResourceYaml;
import dev.celador.conformance.kube.KubeCluster;
import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The generated CRDs accept what the engine accepts: every policy document in the repository's
 * policies/ folder (ValidatingAdmissionPolicies as Celador's ValidatingPolicy kinds) is created in
 * a real API server, read back unchanged (nothing pruned or defaulted), and compiles in the engine
 * from the object read back. Values the engine rejects outright are rejected by the schema too.
 */
class CrdSchemaIT {

  private static final Path POLICIES = Path.of("../policies");

  private static final Map<String, ResourceDefinitionContext> TYPES =
      Map.of(
          "AccessPolicy", Fixtures.ACCESS_POLICY,
          "JwtAuthentication", Fixtures.celador("JwtAuthentication", "jwtauthentications", true),
          "RateLimitPolicy", Fixtures.celador("RateLimitPolicy", "ratelimitpolicies", true),
          "ValidatingPolicy", Fixtures.VALIDATING_POLICY,
          "ValidatingPolicyBinding", Fixtures.VALIDATING_POLICY_BINDING);

  private static KubernetesClient admin;
  private static String namespace;
  private static final Map<String, String> namespaces = new java.util.HashMap<>();
  private static final String SUFFIX = Fixtures.suffix();
  private static final List<Map.Entry<ResourceDefinitionContext, String>> clusterScoped =
      new ArrayList<>();

  @BeforeAll
  static void install() {
    admin = KubeCluster.get().client();
    CeladorCrds.install(admin);
    namespace = Fixtures.namespace(admin);
  }

  @AfterAll
  static void removeClusterScoped() {
    if (admin != null) {
      clusterScoped.forEach(e -> Fixtures.delete(admin, e.getKey(), e.getValue()));
    }
  }

  @Test
  void everyRepositoryPolicy_roundTripsUnchangedAndCompilesFromTheCluster() throws IOException {
    List<Map<String, Object>> documents = repositoryDocuments();
    List<SourceFile> readBack = new ArrayList<>();
    for (Map<String, Object> document : documents) {
      GenericKubernetesResource created = create(document);
      Map<String, Object> stored =
          admin.getKubernetesSerialization().convertValue(created, Map.class);
      assertThat(stored.get("spec"))
          .as("spec of %s %s as stored", document.get("kind"), name(document))
          .isEqualTo(document.get("spec"));
      readBack.add(CustomResourceYaml.toSource(withOriginalNamespace(stored)));
    }

    LoadResult loaded;
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      loaded = engine.loadSources(readBack);
    }

    assertThat(documents).extracting(d -> d.get("kind")).contains(TYPES.keySet().toArray());
    assertThat(documents).hasSizeGreaterThan(30);
    assertThat(loaded.diagnostics().stream().filter(Diagnostic::isError))
        .as(loaded.render())
        .isEmpty();
    assertThat(loaded.policyCount()).isPositive();
  }

  /**
   * {@code stored} back in the namespace its file names: a policy's target may only name its own
   * namespace (tenancy), so it compiles as written only there.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withOriginalNamespace(Map<String, Object> stored) {
    Map<String, Object> metadata =
        new LinkedHashMap<>((Map<String, Object>) stored.get("metadata"));
    Object testNamespace = metadata.get("namespace");
    if (testNamespace == null) {
      return stored;
    }
    namespaces.forEach(
        (original, test) -> {
          if (test.equals(testNamespace) && original.equals("null")) {
            metadata.remove("namespace"); // the file has none: mesh-wide
          } else if (test.equals(testNamespace)) {
            metadata.put("namespace", original);
          }
        });
    Map<String, Object> copy = new LinkedHashMap<>(stored);
    copy.put("metadata", metadata);
    return copy;
  }

  @Test
  void valuesTheEngineRejects_rejectedByTheSchema() {
    assertSchemaRejects(
        "action", "{action: MAYBE, rules: [{name: r, when: 'true'}]}", "spec.action");
    assertSchemaRejects("rules", "{action: ALLOW}", "spec.rules");
    assertSchemaRejects(
        "status",
        "{action: DENY, rules: [{name: r, when: 'true'}], denyResponse: {status: 200}}",
        "spec.denyResponse.status");
  }

  /**
   * The API server refuses AccessPolicy {@code bad-<name>} with {@code spec}, naming {@code field}.
   */
  private static void assertSchemaRejects(String name, String spec, String field) {
    String yaml =
        """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: bad-%s, namespace: %s}
        spec: %s
        """
            .formatted(name, namespace, spec);
    assertThatThrownBy(() -> Fixtures.apply(admin, Fixtures.ACCESS_POLICY, yaml))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(field);
  }

  /** Creates {@code document}: namespaced kinds in the test namespace, cluster-scoped renamed. */
  @SuppressWarnings("unchecked")
  private static GenericKubernetesResource create(Map<String, Object> document) {
    ResourceDefinitionContext type = TYPES.get((String) document.get("kind"));
    Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
    var resources = admin.genericKubernetesResources(type);
    GenericKubernetesResource object =
        admin.getKubernetesSerialization().convertValue(document, GenericKubernetesResource.class);
    if (type.isNamespaceScoped()) {
      return resources.inNamespace((String) metadata.get("namespace")).resource(object).create();
    }
    clusterScoped.add(Map.entry(type, (String) metadata.get("name")));
    return resources.resource(object).create();
  }

  private static String name(Map<String, Object> document) {
    return String.valueOf(((Map<?, ?>) document.get("metadata")).get("name"));
  }

  /**
   * Every Celador policy document under policies/ (tests and testdata left out), with admission
   * policies turned into Celador's kinds and renamed with this run's suffix, since they are
   * cluster-scoped.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> repositoryDocuments() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(POLICIES)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !p.toString().endsWith("_test.yaml"))
              .filter(
                  p -> !p.toString().contains("/testdata/") && !p.toString().contains("/target/"))
              .sorted()
              .toList();
    }
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Path file : files) {
      for (Object loaded : new Yaml().loadAll(Files.readString(file))) {
        if (!(loaded instanceof Map<?, ?> map)) {
          continue;
        }
        Map<String, Object> document = new LinkedHashMap<>((Map<String, Object>) map);
        String kind = String.valueOf(document.get("kind"));
        if (kind.startsWith("ValidatingAdmissionPolicy")) {
          document.put("apiVersion", "celador.dev/v1alpha1");
          document.put("kind", kind.replace("ValidatingAdmissionPolicy", "ValidatingPolicy"));
          Map<String, Object> metadata =
              new LinkedHashMap<>((Map<String, Object>) document.get("metadata"));
          metadata.put("name", metadata.get("name") + "-" + SUFFIX);
          document.put("metadata", metadata);
          Map<String, Object> spec =
              new LinkedHashMap<>((Map<String, Object>) document.get("spec"));
          if (spec.containsKey("policyName")) {
            spec.put("policyName", spec.get("policyName") + "-" + SUFFIX);
          }
          document.put("spec", spec);
        }
        if (TYPES.containsKey(String.valueOf(document.get("kind")))) {
          if (TYPES.get(String.valueOf(document.get("kind"))).isNamespaceScoped()) {
            Map<String, Object> metadata =
                new LinkedHashMap<>((Map<String, Object>) document.get("metadata"));
            // One test namespace per original, so same-named policies stay apart as they were.
            metadata.put(
                "namespace",
                namespaces.computeIfAbsent(
                    String.valueOf(metadata.get("namespace")), n -> Fixtures.namespace(admin)));
            document.put("metadata", metadata);
          }
          documents.add(document);
        }
      }
    }
    return documents;
  }
}
