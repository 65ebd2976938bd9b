package dev.celador.engine.internal.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns cel-java's issues into {@link Diagnostic}s at absolute file positions, with stable codes.
 * Shared by every CEL environment (HTTP authorization, admission).
 */
public final class CelIssues {

  /**
   * A type variable as the checker instantiates it: {@code %A0} for an overload's parameter {@code
   * A}, {@code %elem0} for the element type of an empty list. What a user should read is the name
   * alone: {@code list(A)}, {@code list(elem)}.
   */
  private static final Pattern TYPE_VARIABLE = Pattern.compile("%([A-Za-z_]+)\\d+\\b");

  private CelIssues() {}

  /**
   * The file position of the node {@code exprId} of {@code ast}, compiled from {@code expression};
   * the expression's start when CEL recorded no position for it.
   */
  public static SourceLocation locate(
      CelAbstractSyntaxTree ast, long exprId, Expression expression) {
    Integer offset = ast.getSource().getPositionsMap().get(exprId);
    return offset == null ? expression.location() : locateOffset(ast, offset, expression);
  }

  /** The file position of the code point {@code offset} of {@code ast}'s source. */
  public static SourceLocation locateOffset(
      CelAbstractSyntaxTree ast, int offset, Expression expression) {
    return ast.getSource()
        .getOffsetLocation(offset)
        .map(l -> expression.locate(l.getLine(), l.getColumn()))
        .orElse(expression.location());
  }

  /** Adds one diagnostic per issue to {@code out}; {@code code} null means classify each. */
  public static void report(
      List<CelIssue> issues, Expression expression, String code, List<Diagnostic> out) {
    for (CelIssue issue : issues) {
      var loc = issue.getSourceLocation();
      var at =
          loc.getLine() < 1
              ? expression.location()
              : expression.locate(loc.getLine(), loc.getColumn());
      String message = issue.getMessage();
      out.add(Diagnostic.error(code != null ? code : classify(message), at, tidy(message)));
    }
  }

  /** Maps CEL's messages onto stable codes that tools can match. */
  public static String classify(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.startsWith("undeclared reference")) {
      return "undeclared_reference";
    }
    if (m.startsWith("found no matching overload")) {
      return "no_matching_overload";
    }
    if (m.startsWith("undefined field")) {
      return "undefined_field";
    }
    if (m.contains("regex") || m.contains("pattern")) {
      return "invalid_regex";
    }
    if (m.contains("depth") || m.contains("exceeds")) {
      return "too_complex";
    }
    return "type_error";
  }

  /**
   * One line per diagnostic: drops CEL's container suffix (it only says no container is set) and
   * the snippet some validators append on further lines, since we print our own; and names type
   * parameters as the overloads declare them ({@code list(A)}, not {@code list(%A0)}).
   */
  static String tidy(String message) {
    String first = message.replace(" (in container '')", "").lines().findFirst().orElse("");
    first = TYPE_VARIABLE.matcher(first).replaceAll("$1");
    if (first.startsWith("Regex validation failed. Reason: ")) {
      return "invalid regular expression: "
          + first.substring("Regex validation failed. Reason: ".length());
    }
    return first;
  }
}
