package dev.celador.verify;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The three packages of policy-verify form layers, as the engine's packages do: request files at
 * the bottom (celador eval reads them without the runner), the runner on them, and the reports on
 * top (they render results; nothing below renders). policy-verify/README.md lists the same order.
 */
class PackageLayeringTest {

  private static final String REQUEST = "dev.celador.verify.request";
  private static final String RUNNER = "dev.celador.verify";
  private static final String REPORT = "dev.celador.verify.report";

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(RUNNER);

  @Test
  void verify_everyPackage_hasALayer() {
    Set<String> packages =
        CLASSES.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());

    assertThat(packages)
        .as("a new package needs its place here and in policy-verify/README.md")
        .containsExactlyInAnyOrder(REQUEST, RUNNER, REPORT);
  }

  @Test
  void verify_eachPackage_usesOnlyPackagesBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("request")
        .definedBy(REQUEST)
        .layer("runner")
        .definedBy(RUNNER)
        .layer("report")
        .definedBy(REPORT)
        .whereLayer("request")
        .mayNotAccessAnyLayer()
        .whereLayer("runner")
        .mayOnlyAccessLayers("request")
        .whereLayer("report")
        .mayOnlyAccessLayers("request", "runner")
        .check(CLASSES); // throws AssertionError naming every upward dependency
  }
}
