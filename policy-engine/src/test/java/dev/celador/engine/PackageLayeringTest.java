package dev.celador.engine;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages form layers: each may use only the packages below it (and the JDK and
 * third-party libraries), so there are no package cycles and a reader can learn the engine bottom
 * up. policy-engine/README.md explains the order; keep the two lists the same. A type that a lower
 * package needs moves down to where it belongs; the order is not loosened to admit it.
 */
class PackageLayeringTest {

  private static final String ENGINE = "dev.celador.engine";
  private static final String ROOT = "(root)";

  /** Bottom to top, relative to {@value #ENGINE}; {@value #ROOT} is the package itself. */
  static final List<String> LAYERS =
      List.of(
          "api",
          "internal.json",
          "internal.schema",
          "internal.source",
          "internal.decisionlog",
          "internal.cel.k8s",
          "internal.model",
          "internal.jwt",
          "internal.cel",
          "internal.jsonpatch",
          "internal.ssa",
          "internal.ratelimit",
          "internal.eval",
          "internal.parse",
          "internal.admission",
          "internal.audit",
          "internal.compile",
          ROOT);

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ENGINE);

  @Test
  void engine_everyPackage_hasALayer() {
    Set<String> packages =
        CLASSES.stream()
            .map(JavaClass::getPackageName)
            .map(PackageLayeringTest::layerOf)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(packages)
        .as("a new engine package needs its place in LAYERS and in policy-engine/README.md")
        .containsExactlyInAnyOrderElementsOf(LAYERS);
  }

  @Test
  void engine_eachPackage_usesOnlyPackagesBelowIt() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String layer : LAYERS) {
      layers = layers.layer(layer).definedBy(packageOf(layer));
    }
    for (int i = 0; i < LAYERS.size(); i++) {
      String layer = LAYERS.get(i);
      List<String> below = LAYERS.subList(0, i);
      layers =
          below.isEmpty()
              ? layers.whereLayer(layer).mayNotAccessAnyLayer()
              : layers.whereLayer(layer).mayOnlyAccessLayers(below.toArray(String[]::new));
    }

    layers.check(CLASSES); // throws AssertionError naming every upward dependency
  }

  private static String packageOf(String layer) {
    return layer.equals(ROOT) ? ENGINE : ENGINE + "." + layer;
  }

  private static String layerOf(String packageName) {
    return packageName.equals(ENGINE) ? ROOT : packageName.substring(ENGINE.length() + 1);
  }
}
