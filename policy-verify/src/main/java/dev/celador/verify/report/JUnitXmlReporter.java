package dev.celador.verify.report;

import dev.celador.verify.CaseResult;
import dev.celador.verify.Coverage;
import dev.celador.verify.SuiteResult;
import dev.celador.verify.TestReport;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The report as JUnit XML, the format CI servers (Jenkins, GitLab, GitHub actions) read: one {@code
 * <testsuite>} per suite, one {@code <testcase>} per case, a {@code <failure>} with the diff for
 * each failed case. A suite that could not run is one {@code <testcase>} with an {@code <error>};
 * coverage below its minimum is a failed case of a {@code coverage} suite.
 */
public final class JUnitXmlReporter implements Reporter {

  @Override
  public void write(TestReport report, Appendable out) throws IOException {
    StringWriter buffer = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(buffer);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "celador test");
      xml.writeAttribute("tests", Long.toString(tests(report)));
      xml.writeAttribute("failures", Long.toString(failures(report)));
      xml.writeAttribute("errors", Long.toString(report.suitesWithErrors()));
      for (SuiteResult suite : report.suites()) {
        suite(xml, suite);
      }
      if (report.coverage().isPresent() && report.coverage().get().minimum().isPresent()) {
        coverage(xml, report.coverage().get());
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
    out.append(buffer.toString()).append('\n');
  }

  private static void suite(XMLStreamWriter xml, SuiteResult suite) throws XMLStreamException {
    boolean error = suite.hasErrors();
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", clean(suite.name()));
    xml.writeAttribute("file", suite.file());
    xml.writeAttribute("tests", Long.toString(error ? 1 : suite.cases().size()));
    xml.writeAttribute("failures", Long.toString(suite.failed()));
    xml.writeAttribute("errors", error ? "1" : "0");
    xml.writeAttribute("skipped", "0");
    xml.writeAttribute("time", seconds(suite.time()));
    if (error) {
      xml.writeCharacters("\n    ");
      xml.writeStartElement("testcase");
      xml.writeAttribute("name", "load " + suite.file());
      xml.writeAttribute("classname", suite.name());
      xml.writeAttribute("file", suite.file());
      xml.writeStartElement("error");
      xml.writeAttribute("type", suite.diagnostics().get(0).code());
      xml.writeAttribute("message", clean(suite.diagnostics().get(0).headline()));
      xml.writeCharacters(clean(suite.renderDiagnostics()));
      xml.writeEndElement();
      xml.writeEndElement();
    }
    for (CaseResult result : suite.cases()) {
      testCase(xml, result);
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static void testCase(XMLStreamWriter xml, CaseResult result) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    boolean passed = result.passed();
    if (passed) {
      xml.writeEmptyElement("testcase");
    } else {
      xml.writeStartElement("testcase");
    }
    xml.writeAttribute("name", clean(result.name()));
    xml.writeAttribute("classname", clean(result.suite()));
    xml.writeAttribute("file", result.location().file());
    xml.writeAttribute("line", Integer.toString(result.location().line()));
    xml.writeAttribute("time", seconds(result.time()));
    if (!passed) {
      xml.writeStartElement("failure");
      xml.writeAttribute("type", "mismatch");
      xml.writeAttribute("message", clean(FailureText.summary(result)));
      xml.writeCharacters(clean(FailureText.of(result)));
      xml.writeEndElement();
      xml.writeEndElement();
    }
  }

  private static void coverage(XMLStreamWriter xml, Coverage coverage) throws XMLStreamException {
    boolean met = coverage.meetsMinimum();
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "coverage");
    xml.writeAttribute("tests", "1");
    xml.writeAttribute("failures", met ? "0" : "1");
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", "0");
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", "rule coverage at least " + coverage.minimumText() + "%");
    xml.writeAttribute("classname", "coverage");
    if (!met) {
      xml.writeStartElement("failure");
      xml.writeAttribute("type", "coverage");
      xml.writeAttribute(
          "message",
          "coverage " + coverage.percentText() + " is below " + coverage.minimumText() + "%");
      StringBuilder unmatched = new StringBuilder();
      coverage
          .unmatched()
          .forEach(
              rule ->
                  unmatched
                      .append(rule.gap())
                      .append(": ")
                      .append(rule.location())
                      .append(' ')
                      .append(rule.describe())
                      .append('\n'));
      xml.writeCharacters(unmatched.toString());
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static long tests(TestReport report) {
    long tests = 0;
    for (SuiteResult suite : report.suites()) {
      tests += suite.hasErrors() ? 1 : suite.cases().size();
    }
    boolean coverageCase =
        report.coverage().isPresent() && report.coverage().get().minimum().isPresent();
    return tests + (coverageCase ? 1 : 0);
  }

  private static long failures(TestReport report) {
    boolean coverageFailed = report.coverage().filter(c -> !c.meetsMinimum()).isPresent();
    return report.failed() + (coverageFailed ? 1 : 0);
  }

  /** Text without the control characters XML 1.0 cannot carry at all, even escaped. */
  public static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
      out.append(allowed && c != 0xFFFE && c != 0xFFFF ? c : '\uFFFD');
    }
    return out.toString();
  }

  private static String seconds(Duration time) {
    return String.format(Locale.ROOT, "%.3f", time.toNanos() / 1e9);
  }
}
