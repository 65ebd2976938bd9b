package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFiles;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Turns snakeyaml's exceptions into diagnostics at the problem's position, worded for a policy
 * author rather than as a stack trace.
 */
final class YamlErrors {

  static final String YAML_SYNTAX = "yaml_syntax";
  static final String TOO_DEEP = "too_deep";
  static final String TOO_MANY_ALIASES = "too_many_aliases";
  static final String TOO_LARGE = "too_large";

  private final SourceLines lines;
  private final String text;

  YamlErrors(SourceLines lines, String text) {
    this.lines = lines;
    this.text = text;
  }

  Diagnostic toDiagnostic(YAMLException e) {
    if (e instanceof MarkedYAMLException marked) {
      return marked(marked);
    }
    if (e instanceof ReaderException reader) {
      return Diagnostic.error(
          YAML_SYNTAX,
          lines.atCodePoint(text, reader.getPosition()),
          String.format(
              "invalid YAML: the control character U+%04X is not allowed", reader.getCodePoint()));
    }
    // The limit checks throw without a position, so find the offending node in the event stream.
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Nesting Depth exceeded")) {
      return Diagnostic.error(
          TOO_DEEP,
          locateLimit(true),
          "mappings and lists are nested deeper than " + YamlLimits.MAX_NESTING_DEPTH + " levels");
    }
    if (message.startsWith("Number of aliases")) {
      return Diagnostic.error(
          TOO_MANY_ALIASES,
          locateLimit(false),
          "more than "
              + YamlLimits.MAX_COLLECTION_ALIASES
              + " aliases to lists or mappings; this looks like an alias bomb");
    }
    if (message.contains("exceeds the limit")) {
      return tooLarge(lines.start());
    }
    return Diagnostic.error(YAML_SYNTAX, lines.start(), "invalid YAML: " + oneLine(message));
  }

  static Diagnostic tooLarge(SourceLocation location) {
    return Diagnostic.error(TOO_LARGE, location, TextFiles.tooLarge(YamlLimits.MAX_FILE_BYTES));
  }

  private Diagnostic marked(MarkedYAMLException e) {
    Mark problem = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    SourceLocation location = problem != null ? lines.at(problem) : lines.start();
    String message = e.getProblem() != null ? e.getProblem() : e.getContext();
    StringBuilder text = new StringBuilder("invalid YAML: ").append(oneLine(message));
    Mark context = e.getContextMark();
    if (e.getContext() != null && e.getProblem() != null && context != null) {
      text.append(" (")
          .append(oneLine(e.getContext()))
          .append(" started at line ")
          .append(context.getLine() + 1)
          .append(", column ")
          .append(context.getColumn() + 1)
          .append(')');
    }
    return Diagnostic.error(YAML_SYNTAX, location, text.toString());
  }

  /**
   * Replays the file as events (the event parser does not recurse, so it survives what the composer
   * refused) to find the first node past the nesting limit or the first alias past the alias limit.
   * The start of the file if it cannot be found.
   */
  private SourceLocation locateLimit(boolean depth) {
    int level = 0;
    int aliases = 0;
    Set<String> collectionAnchors = new HashSet<>();
    try {
      for (Event event : new Yaml(YamlLimits.loaderOptions()).parse(new StringReader(text))) {
        if (event instanceof CollectionStartEvent start) {
          level++;
          if (start.getAnchor() != null) {
            collectionAnchors.add(start.getAnchor());
          }
          if (depth && level > YamlLimits.MAX_NESTING_DEPTH) {
            return lines.at(event.getStartMark());
          }
        } else if (event instanceof CollectionEndEvent) {
          level--;
        } else if (event instanceof ScalarEvent scalar && scalar.getAnchor() != null) {
          collectionAnchors.remove(scalar.getAnchor());
        } else if (event instanceof AliasEvent alias
            && collectionAnchors.contains(alias.getAnchor())
            && ++aliases > YamlLimits.MAX_COLLECTION_ALIASES
            && !depth) {
          return lines.at(event.getStartMark());
        }
      }
    } catch (YAMLException e) {
      // A later syntax error: the limit, if reached at all, was reached before it.
    }
    return lines.start();
  }

  private static String oneLine(String message) {
    return message == null ? "unknown problem" : message.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
