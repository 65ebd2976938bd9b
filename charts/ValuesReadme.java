import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Writes the values table of a chart's README.md from the {@code # --} comments of its values.yaml
 * (the helm-docs convention: a comment starting with {@code # --} describes the key below it, and
 * following {@code #} lines continue it). Only the part between {@code <!-- values:begin -->} and
 * {@code <!-- values:end -->} is replaced; the prose around it is written by hand.
 *
 * <pre>
 *   java charts/ValuesReadme.java charts/celador           # rewrite README.md
 *   java charts/ValuesReadme.java charts/celador --check   # exit 1 if README.md is stale
 * </pre>
 *
 * A single-file program on the JDK alone, so a chart author needs neither Maven nor Go to run it.
 */
public final class ValuesReadme {

  static final String BEGIN = "<!-- values:begin -->";
  static final String END = "<!-- values:end -->";

  record Row(String key, String type, String defaultValue, String description) {}

  record Line(int indent, String text) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--check"))) {
      System.err.println("usage: java ValuesReadme.java CHART_DIR [--check]");
      System.exit(2);
    }
    Path chart = Path.of(args[0]);
    Path values = chart.resolve("values.yaml");
    Path readme = chart.resolve("README.md");
    String current = Files.readString(readme, StandardCharsets.UTF_8);
    String updated = replaceTable(current, table(rows(Files.readAllLines(values)), values), readme);
    if (args.length == 2) {
      if (!updated.equals(current)) {
        System.err.println(
            readme + ": the values table is out of date with " + values
                + "; run: java charts/ValuesReadme.java " + chart);
        System.exit(1);
      }
      System.out.println(readme + ": values table up to date");
    } else if (!updated.equals(current)) {
      Files.writeString(readme, updated, StandardCharsets.UTF_8);
      System.out.println("wrote " + readme);
    }
  }

  static List<Row> rows(List<String> lines) {
    List<Row> rows = new ArrayList<>();
    Deque<Line> path = new ArrayDeque<>(); // enclosing keys, innermost first
    StringBuilder pending = null;
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      String trimmed = raw.strip();
      int indent = raw.length() - raw.stripLeading().length();
      if (trimmed.startsWith("# --")) {
        pending = new StringBuilder(trimmed.substring(4).strip());
        continue;
      }
      if (trimmed.startsWith("#")) {
        if (pending != null) {
          pending.append(' ').append(trimmed.substring(1).strip());
        }
        continue;
      }
      if (trimmed.isEmpty() || trimmed.startsWith("-")) {
        continue;
      }
      int colon = keyColon(trimmed);
      if (colon < 0) {
        continue;
      }
      while (!path.isEmpty() && path.peek().indent() >= indent) {
        path.pop();
      }
      String key = trimmed.substring(0, colon);
      String inline = trimmed.substring(colon + 1).strip();
      String fullKey = fullKey(path, key);
      if (inline.isEmpty()) {
        path.push(new Line(indent, key));
      }
      if (pending != null) {
        String value = inline.isEmpty() ? block(lines, i + 1, indent) : inline;
        rows.add(new Row(fullKey, type(value), value, pending.toString()));
        pending = null;
      }
    }
    return rows;
  }

  /** The colon that ends a mapping key, or -1 for a line that is not "key: ...". */
  private static int keyColon(String trimmed) {
    int colon = trimmed.indexOf(':');
    if (colon <= 0 || trimmed.startsWith("\"") || trimmed.startsWith("'")) {
      return -1;
    }
    boolean endsKey = colon == trimmed.length() - 1 || trimmed.charAt(colon + 1) == ' ';
    return endsKey ? colon : -1;
  }

  private static String fullKey(Deque<Line> path, String key) {
    StringBuilder b = new StringBuilder();
    path.descendingIterator().forEachRemaining(l -> b.append(l.text()).append('.'));
    return b.append(key).toString();
  }

  /** The lines nested under a key without an inline value, re-indented to start at column 0. */
  private static String block(List<String> lines, int from, int keyIndent) {
    List<String> out = new ArrayList<>();
    for (int j = from; j < lines.size(); j++) {
      String l = lines.get(j);
      int ind = l.length() - l.stripLeading().length();
      if (l.isBlank() || l.strip().startsWith("#")) {
        continue;
      }
      if (ind <= keyIndent && !(ind == keyIndent && l.strip().startsWith("-"))) {
        break;
      }
      out.add(l.substring(Math.min(keyIndent + 2, ind)).stripTrailing());
    }
    return String.join("\n", out);
  }

  private static String type(String value) {
    if (value.startsWith("[") || value.startsWith("-")) {
      return "list";
    }
    if (value.startsWith("{") || value.contains(":")) {
      return value.startsWith("\"") ? "string" : "object";
    }
    if (value.equals("true") || value.equals("false")) {
      return "bool";
    }
    if (value.matches("-?[0-9]+")) {
      return "int";
    }
    return "string";
  }

  static String table(List<Row> rows, Path values) {
    StringBuilder b = new StringBuilder();
    b.append(BEGIN).append('\n');
    b.append("<!-- generated from ").append(values.getFileName())
        .append(" by charts/ValuesReadme.java; edit the comments there, not this table -->\n\n");
    b.append("| Key | Type | Default | Description |\n| --- | --- | --- | --- |\n");
    for (Row r : rows) {
      b.append("| `").append(r.key()).append("` | ").append(r.type()).append(" | ")
          .append(cell(r.defaultValue())).append(" | ")
          .append(r.description().replace("|", "\\|")).append(" |\n");
    }
    return b.append(END).toString();
  }

  private static String cell(String value) {
    if (!value.contains("\n")) {
      return "`" + value.replace("|", "\\|") + "`";
    }
    String html = value.replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;")
        .replace(" ", "&nbsp;").replace("\n", "<br>");
    return "<code>" + html + "</code>";
  }

  static String replaceTable(String readme, String table, Path file) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(file + ": needs the markers " + BEGIN + " and " + END);
    }
    return readme.substring(0, begin) + table + readme.substring(end + END.length());
  }
}
