package dev.celador.cli.output;

import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The result of {@code celador check --output json}: ok, counts, and every diagnostic. */
public final class DiagnosticsJson {

  private DiagnosticsJson() {}

  /**
   * @param policies number of policies compiled; -1 when unknown because loading failed
   */
  public static String render(boolean ok, int files, int policies, List<Diagnostic> diagnostics) {
    ObjectNode root = JsonOutput.object();
    root.put("ok", ok);
    array(root.putArray("diagnostics"), diagnostics);
    root.put("files", files);
    if (policies >= 0) {
      root.put("policies", policies);
    }
    return JsonOutput.write(root);
  }

  /** Each diagnostic as {@code {file, line, column, severity, code, message}}. */
  static void array(ArrayNode into, List<Diagnostic> diagnostics) {
    for (Diagnostic diagnostic : diagnostics) {
      ObjectNode item = JsonOutput.location(into.addObject(), diagnostic.location());
      item.put("severity", diagnostic.severity().name().toLowerCase(Locale.ROOT));
      item.put("code", diagnostic.code());
      item.put("message", diagnostic.message());
    }
  }
}
