package dev.celador.cli;

import dev.celador.verify.PolicyTestRunner;
import java.io.PrintWriter;

/**
 * {@code celador test}'s progress for a person at a terminal: one line on stderr, {@code celador
 * test: 12/36 suites}, redrawn in place as suites finish and erased before the report, so a long
 * run shows it is moving and leaves nothing behind. The command decides whether to show it ({@link
 * Console#watchedErr()}).
 */
final class TestProgress implements PolicyTestRunner.Progress {

  private static final String ERASE_LINE = "\r\u001b[K";

  private final PrintWriter err;
  private int shown;

  TestProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void suiteFinished(int finished, int total) {
    // Suites finish on several threads, and a thread may get here after one that counted later:
    // the line only ever counts up.
    if (finished <= shown) {
      return;
    }
    err.print("\rcelador test: " + finished + "/" + total + " suites");
    err.flush();
    shown = finished;
  }

  /** Erases the line, if one was drawn. */
  synchronized void clear() {
    if (shown > 0) {
      err.print(ERASE_LINE);
      err.flush();
      shown = 0;
    }
  }
}
