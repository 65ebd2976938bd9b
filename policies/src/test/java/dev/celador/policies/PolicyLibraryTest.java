package dev.celador.policies;

import dev.celador.junit.PolicyTests;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every suite of the policy library, one test per case, with every rule of every policy matched by
 * some case: {@code celador test policies/ --coverage-min 100} as part of {@code mvn verify}.
 */
class PolicyLibraryTest {

  @TestFactory
  Stream<DynamicNode> policyLibrary() {
    // Maven runs tests in the module's folder: this is policies/.
    return PolicyTests.in(Path.of(".")).requireCoverage(100).dynamicTests();
  }
}
