package dev.celador.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

class PolicyTestsTest {

  private static final Path TESTDATA = Path.of("src/test/resources/testdata");

  private static List<DynamicTest> tests(DynamicNode node) {
    return ((DynamicContainer) node).getChildren().map(DynamicTest.class::cast).toList();
  }

  @Test
  void dynamicTests_passingSuite_oneContainerWithATestPerCase() {
    List<DynamicNode> nodes = PolicyTests.in(TESTDATA.resolve("passing")).dynamicTests().toList();

    assertThat(nodes)
        .singleElement()
        .extracting(DynamicNode::getDisplayName)
        .isEqualTo("gets-only");
    List<DynamicTest> tests = tests(nodes.get(0));
    assertThat(tests)
        .extracting(DynamicNode::getDisplayName)
        .containsExactly("get is allowed", "post is denied");
    assertThat(tests.get(0).getTestSourceUri())
        .hasValueSatisfying(
            uri -> assertThat(uri.toString()).endsWith("passing/allow_test.yaml?line=8"));
    for (DynamicTest test : tests) {
      assertThatCode(() -> test.getExecutable().execute()).doesNotThrowAnyException();
    }
  }

  @Test
  void dynamicTests_failingCase_failsWithTheDiff() {
    List<DynamicNode> nodes = PolicyTests.in(TESTDATA.resolve("failing")).dynamicTests().toList();

    DynamicTest test = tests(nodes.get(0)).get(0);
    assertThatThrownBy(() -> test.getExecutable().execute())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("wrong/post is allowed (")
        .hasMessageContaining("--- expected\n+++ actual\n- allowed: true\n+ allowed: false\n");
  }

  @Test
  void dynamicTests_coverageBelowMinimum_addsAFailingCoverageTest() {
    List<DynamicNode> nodes =
        PolicyTests.in(TESTDATA.resolve("passing")).requireCoverage(100).dynamicTests().toList();

    assertThat(nodes).hasSize(2);
    DynamicTest coverage = (DynamicTest) nodes.get(1);
    assertThat(coverage.getDisplayName()).isEqualTo("rule coverage at least 100%");
    assertThatThrownBy(() -> coverage.getExecutable().execute())
        .hasMessageStartingWith("coverage 50.0% is below the minimum of 100%\n")
        .hasMessageContaining("allow.yaml:10:7 gets-only rule never");
  }

  @Test
  void dynamicTests_noSuites_failsToFindThem() {
    List<DynamicNode> nodes = PolicyTests.in(TESTDATA.resolve("missing")).dynamicTests().toList();

    DynamicTest find = (DynamicTest) nodes.get(0);
    assertThat(find.getDisplayName()).isEqualTo("find suites");
    assertThatThrownBy(() -> find.getExecutable().execute())
        .hasMessageContaining("no such file or directory");
  }
}
