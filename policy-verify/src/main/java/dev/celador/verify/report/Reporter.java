package dev.celador.verify.report;

import dev.celador.verify.TestReport;
import java.io.IOException;

/** Writes a {@link TestReport} in one format: text for people, JSON for tools, JUnit XML for CI. */
public interface Reporter {

  void write(TestReport report, Appendable out) throws IOException;

  /** The report as a string, for tests and small outputs. */
  default String render(TestReport report) {
    StringBuilder out = new StringBuilder();
    try {
      write(report, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringBuilder never throws
    }
    return out.toString();
  }
}
