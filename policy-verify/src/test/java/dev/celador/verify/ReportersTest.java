package dev.celador.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.verify.report.JUnitXmlReporter;
import dev.celador.verify.report.TextReporter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportersTest {

  private static final Path TESTDATA = PolicyTestRunnerTest.TESTDATA;

  private static TestReport run(PolicyTestRunner.Options options, String... directories) {
    List<Path> paths = new ArrayList<>();
    for (String directory : directories) {
      paths.add(TESTDATA.resolve(directory));
    }
    return PolicyTestRunner.create(options).run(paths);
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    List<Element> result = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add((Element) nodes.item(i));
    }
    return result;
  }

  @Test
  void junit_failuresErrorsAndCoverage_isValidXmlWithCounts() throws Exception {
    TestReport report =
        run(
            PolicyTestRunner.Options.defaults().withCoverageMinimum(100),
            "failing",
            "broken",
            "coverage");

    Document xml = parse(new JUnitXmlReporter().render(report));

    Element root = xml.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    // 3 cases of failing, 1 per broken suite (2), 2 cases of coverage, 1 coverage check.
    assertThat(root.getAttribute("tests")).isEqualTo("8");
    assertThat(root.getAttribute("failures")).isEqualTo("2");
    assertThat(root.getAttribute("errors")).isEqualTo("2");
    List<Element> suites = elements(root, "testsuite");
    assertThat(suites)
        .extracting(
            s ->
                s.getAttribute("name")
                    + " "
                    + s.getAttribute("tests")
                    + " "
                    + s.getAttribute("failures")
                    + " "
                    + s.getAttribute("errors"))
        .containsExactly(
            "orders 3 1 0",
            "bad-policy 1 0 1",
            TESTDATA + "/broken/orders_test.yaml 1 0 1",
            "gate 2 0 0",
            "coverage 1 1 0");
    Element orders = suites.get(0);
    List<Element> cases = elements(orders, "testcase");
    assertThat(cases)
        .extracting(c -> c.getAttribute("classname") + "/" + c.getAttribute("name"))
        .containsExactly(
            "orders/frontend reads", "orders/frontend writes", "orders/stranger is denied");
    assertThat(cases.get(1).getAttribute("line")).isEqualTo("18");
    assertThat(elements(cases.get(0), "failure")).isEmpty();
    Element failure = elements(cases.get(1), "failure").get(0);
    assertThat(failure.getAttribute("message"))
        .startsWith("allowed: expected true, got false; status: expected 200, got 403;");
    assertThat(failure.getTextContent())
        .contains("--- expected\n+++ actual\n- allowed: true\n+ allowed: false\n");
    Element error = elements(suites.get(2), "error").get(0);
    assertThat(error.getAttribute("type")).isEqualTo("invalid_suite");
    assertThat(error.getTextContent()).contains("orders_test.yaml:13:14: error[missing_fixture]");
    Element coverage = elements(suites.get(4), "failure").get(0);
    assertThat(coverage.getTextContent()).contains("gate.yaml:10:7 gate rule no-admin");
  }

  @Test
  void junit_allPassing_hasNoFailureElements() throws Exception {
    TestReport report = run(PolicyTestRunner.Options.defaults(), "coverage");

    Document xml = parse(new JUnitXmlReporter().render(report));

    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
    assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
  }

  @Test
  void text_sequence_reportsTheFirstRequestThatWentWrong() {
    TestReport report = run(PolicyTestRunner.Options.defaults(), "sequence");

    assertThat(new TextReporter().render(report))
        .contains(
            """
            --- PASS: sequence/three reads, none limited
            --- FAIL: sequence/second read limited (src/test/resources/testdata/sequence/sequence_test.yaml:15:7)
                decision: ALLOW 200 shop/orders rule=frontend-reads: "allowed by shop/orders rule frontend-reads"
                --- expected
                +++ actual
                - request 2: allowed: false
                + request 2: allowed: true
                - request 2: status: 429
                + request 2: status: 200
            """);
  }
}
