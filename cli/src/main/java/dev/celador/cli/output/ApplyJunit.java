package dev.celador.cli.output;

import dev.celador.engine.internal.admission.PolicyResult;
import dev.celador.verify.report.JUnitXmlReporter;
import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code celador apply -o junit}: one {@code <testsuite>} per object, one {@code <testcase>} per
 * policy and binding. A row that denies is a {@code <failure>} (an error under failurePolicy Fail
 * an {@code <error>}); a skipped row is {@code <skipped>} with why; warn, audit and ignored errors
 * pass, with their messages in {@code <system-out>}, as they do not stop the object. What mutating
 * policies changed is the suite's {@code <system-out>}.
 */
public final class ApplyJunit {

  private ApplyJunit() {}

  public static String render(List<JudgedObject> objects, ApplySummary summary) {
    StringWriter buffer = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(buffer);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "celador apply");
      xml.writeAttribute("tests", Long.toString(count(objects, null)));
      xml.writeAttribute("failures", Long.toString(count(objects, "fail")));
      xml.writeAttribute("errors", Long.toString(count(objects, "error")));
      xml.writeAttribute("skipped", Long.toString(summary.outcomes().get("skip")));
      for (JudgedObject object : objects) {
        suite(xml, object);
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
    }
    return buffer + "\n";
  }

  private static void suite(XMLStreamWriter xml, JudgedObject object) throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", clean(object.describe()));
    xml.writeAttribute("file", clean(object.file()));
    xml.writeAttribute("tests", Integer.toString(object.policies().size()));
    xml.writeAttribute("failures", Long.toString(count(List.of(object), "fail")));
    xml.writeAttribute("errors", Long.toString(count(List.of(object), "error")));
    xml.writeAttribute(
        "skipped",
        Long.toString(object.policies().stream().filter(r -> r.outcome().equals("skip")).count()));
    for (PolicyResult row : object.policies()) {
      testCase(xml, object, row);
    }
    if (object.mutation() != null && object.mutation().changed()) {
      // What the mutating policies wrote is no test of its own: the suite's output says it.
      xml.writeCharacters("\n    ");
      xml.writeStartElement("system-out");
      xml.writeCharacters(clean(String.join("\n", object.mutation().lines())));
      xml.writeEndElement();
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static void testCase(XMLStreamWriter xml, JudgedObject object, PolicyResult row)
      throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", clean(row.policy() + "/" + row.binding()));
    xml.writeAttribute("classname", clean(object.describe()));
    xml.writeAttribute("file", clean(object.file()));
    xml.writeAttribute("line", Integer.toString(object.line()));
    String messages = messages(row);
    switch (kind(row)) {
      case "fail" -> problem(xml, "failure", row, messages);
      case "error" -> problem(xml, "error", row, messages);
      case "skip" -> {
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", clean(row.detail()));
      }
      default -> {
        if (!messages.isEmpty()) {
          xml.writeStartElement("system-out");
          xml.writeCharacters(clean(row.outcome() + ": " + messages));
          xml.writeEndElement();
        }
      }
    }
    xml.writeEndElement();
  }

  private static void problem(XMLStreamWriter xml, String element, PolicyResult row, String text)
      throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeAttribute("type", row.outcome());
    String first = text.isEmpty() ? row.detail() : text.lines().findFirst().orElse("");
    xml.writeAttribute("message", clean(first));
    xml.writeCharacters(clean(text.isEmpty() ? row.detail() : text));
    xml.writeEndElement();
  }

  /** fail or error when the row denies the object, skip, else pass. */
  private static String kind(PolicyResult row) {
    if (row.denies()) {
      return row.outcome().equals("error") ? "error" : "fail";
    }
    return row.outcome().equals("skip") ? "skip" : "pass";
  }

  private static long count(List<JudgedObject> objects, String kind) {
    return objects.stream()
        .flatMap(o -> o.policies().stream())
        .filter(r -> kind == null || kind(r).equals(kind))
        .count();
  }

  private static String messages(PolicyResult row) {
    StringBuilder out = new StringBuilder();
    for (PolicyResult.Validation v : row.validations()) {
      if (v.check() != PolicyResult.Check.PASS) {
        out.append(v.message()).append('\n');
      }
    }
    return out.toString().strip();
  }

  private static String clean(String text) {
    return JUnitXmlReporter.clean(text);
  }
}
