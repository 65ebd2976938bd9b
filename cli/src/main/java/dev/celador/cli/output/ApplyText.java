package dev.celador.cli.output;

import dev.celador.verify.report.Palette;

/**
 * {@code celador apply} for people, printed as each object is judged: a line per object (where,
 * what, the operation, allowed or denied), the mutating policies that changed it and their patch (a
 * line per operation), its failing rows (every row with {@code -v}), and at the end the counts.
 */
public final class ApplyText {

  private ApplyText() {}

  public static String object(JudgedObject object, boolean verbose, Palette palette) {
    StringBuilder out = new StringBuilder();
    boolean allowed = object.decision().allowed();
    out.append(object.where())
        .append("  ")
        .append(object.describe())
        .append("  ")
        .append(object.operation())
        .append("  ")
        .append(allowed ? palette.green("allowed") : palette.red("denied"));
    int warnings = object.decision().warnings().size();
    if (warnings > 0) {
      out.append(palette.yellow(" (" + warnings + (warnings == 1 ? " warning)" : " warnings)")));
    }
    out.append('\n');
    if (!allowed && object.policies().stream().noneMatch(r -> r.denies())) {
      // Denied with no row to blame: an internal error, whose message is all there is.
      out.append("  ").append(object.decision().message()).append('\n');
    }
    if (object.mutation() != null) {
      object.mutation().lines().forEach(line -> out.append("  ").append(line).append('\n'));
    }
    PolicyResultText.append(out, object.policies(), verbose, "  ");
    return out.toString();
  }

  public static String summary(ApplySummary summary) {
    return summary.text() + "\n";
  }
}
