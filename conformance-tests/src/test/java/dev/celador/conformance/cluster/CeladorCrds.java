package dev.celador.conformance.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CRDs cluster-sources generates at build time (read from its jar or classes, as the Helm chart
 * copies them), installed into the test cluster once per JVM.
 */
public final class CeladorCrds {

  /** Where crd-generator-maven-plugin writes them, relative to the classpath root. */
  static final List<String> FILES =
      List.of(
          "META-INF/fabric8/accesspolicies.celador.dev-v1.yml",
          "META-INF/fabric8/jwtauthentications.celador.dev-v1.yml",
          "META-INF/fabric8/ratelimitpolicies.celador.dev-v1.yml",
          "META-INF/fabric8/validatingpolicies.celador.dev-v1.yml",
          "META-INF/fabric8/validatingpolicybindings.celador.dev-v1.yml");

  private static boolean installed;

  private CeladorCrds() {}

  static List<CustomResourceDefinition> generated(KubernetesClient client) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = CeladorCrds.class.getClassLoader().getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException(file + " is not on the classpath: build cluster-sources");
        }
        crds.add(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return crds;
  }

  /** Applies every generated CRD and waits until the API server serves each. */
  public static synchronized void install(KubernetesClient client) {
    if (installed) {
      return;
    }
    for (CustomResourceDefinition crd : generated(client)) {
      var crds = client.apiextensions().v1().customResourceDefinitions();
      crds.resource(crd).forceConflicts().serverSideApply();
      crds.withName(crd.getMetadata().getName())
          .waitUntilCondition(CeladorCrds::established, 60, TimeUnit.SECONDS);
    }
    installed = true;
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
