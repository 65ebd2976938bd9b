package dev.celador.engine.internal.cel;

import dev.celador.engine.Policies;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** Fuzzer bytes as a CEL expression written in a YAML file, and what a compile must return. */
public final class FuzzExpressions {

  private static final String FILE = "fuzz.yaml";

  private FuzzExpressions() {}

  /** {@code text} as a block scalar would place it: line i of the text on line 3 + i, column 7. */
  public static Expression of(String text) {
    List<SourceLocation> starts = new ArrayList<>();
    int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
    for (int i = 0; i < lines; i++) {
      starts.add(new SourceLocation(FILE, 3 + i, 7));
    }
    return Policies.lines(text, starts);
  }

  /**
   * The contract of a compile: a compiled expression and no errors, or no expression and at least
   * one error (a failure always says why), every diagnostic in the expression's file.
   */
  public static void assertResult(boolean compiled, List<Diagnostic> diagnostics) {
    boolean errors = diagnostics.stream().anyMatch(Diagnostic::isError);
    if (compiled == errors) {
      throw new AssertionError(
          (compiled ? "compiled with errors: " : "failed without an error: ") + diagnostics);
    }
    for (Diagnostic d : diagnostics) {
      if (!d.location().file().equals(FILE)) {
        throw new AssertionError("diagnostic outside the expression's file: " + d);
      }
    }
  }
}
