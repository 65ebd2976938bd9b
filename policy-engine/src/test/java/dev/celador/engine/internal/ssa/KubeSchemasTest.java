package dev.celador.engine.internal.ssa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The generated schema resource is what {@link KubeSchemaGenerator} makes of the pinned version's
 * OpenAPI documents (from the Go module cache, where {@code conformance-tests/kube} puts
 * k8s.io/kubernetes); {@code -Dkube.schemas.regenerate=true} rewrites it.
 */
class KubeSchemasTest {

  private static final Path SPEC =
      Path.of(
          System.getProperty(
              "kube.openapi.dir",
              moduleCache() + "/k8s.io/kubernetes@v1.36.3/api/openapi-spec/v3"));
  private static final Path RESOURCE = Path.of("src/main/resources" + KubeSchemas.RESOURCE);

  @Test
  void resource_generatedFromPinnedOpenApi_isUpToDate() throws IOException {
    if (!Files.isDirectory(SPEC)) {
      // Loud, not failing even under CI: the module is in the Go module cache only where
      // conformance-tests/kube/build-binaries.sh has run; the resource itself needs no Go.
      String why = "no OpenAPI documents at " + SPEC + " (set -Dkube.openapi.dir)";
      System.err.println(
          "\n********** SKIPPED KubeSchemasTest freshness: " + why + " **********\n");
      Assumptions.abort(why);
    }
    String generated = KubeSchemaGenerator.generate(SPEC);
    if (Boolean.getBoolean("kube.schemas.regenerate")) {
      Files.writeString(RESOURCE, generated);
    }
    assertThat(Files.readString(RESOURCE))
        .as("regenerate with -Dkube.schemas.regenerate=true")
        .isEqualTo(generated);
  }

  private static String moduleCache() {
    String cache = System.getenv("GOMODCACHE");
    return cache != null && !cache.isBlank()
        ? cache
        : System.getProperty("user.home") + "/go/pkg/mod";
  }

  @Test
  void forKind_deployment_hasMapListOfContainersAndAtomicSelector() {
    SchemaNode deployment = KubeSchemas.builtIn().forKind("apps", "v1", "Deployment").orElseThrow();
    SchemaNode spec = deployment.field("spec").orElseThrow();
    SchemaNode containers =
        spec.field("template")
            .orElseThrow()
            .field("spec")
            .orElseThrow()
            .field("containers")
            .orElseThrow();

    assertThat(containers.listType()).isEqualTo("map");
    assertThat(containers.keys()).containsExactly("name");
    assertThat(spec.field("selector").orElseThrow().atomic()).isTrue();
    assertThat(KubeSchemas.builtIn().forKind("", "v1", "ConfigMap")).isPresent();
    assertThat(KubeSchemas.builtIn().forKind("example.com", "v1", "Widget")).isEmpty();
  }
}
