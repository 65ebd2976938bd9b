package dev.celador.engine.internal.parse;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.Diagnostics;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Kubernetes-style policy YAML into model records, keeping the position of every node.
 *
 * <p>Reports every problem of every document in one pass. A document with an error is left out of
 * the result; documents before a YAML syntax error are still read.
 */
public final class PolicyParser {

  static final String EMPTY_FILE = "empty_file";

  private final Tenancy tenancy;

  /** A parser for the default root namespace, {@link Tenancy#DEFAULT}. */
  public PolicyParser() {
    this(Tenancy.DEFAULT);
  }

  /**
   * @param tenancy the root namespace, whose policies are mesh-wide; other policies are confined
   */
  public PolicyParser(Tenancy tenancy) {
    this.tenancy = tenancy;
  }

  public ParseResult parse(SourceFile file) {
    SourceLines lines = new SourceLines(file.name(), file.text());
    Diagnostics diagnostics = new Diagnostics();
    List<PolicyDocument> documents = new ArrayList<>();
    List<UncheckedExpression> unchecked = new ArrayList<>();
    String text = file.text();
    // Cheap check first: a string never has more code points than chars.
    if (text.length() > YamlLimits.MAX_FILE_BYTES
        && text.codePointCount(0, text.length()) > YamlLimits.MAX_FILE_BYTES) {
      diagnostics.add(YamlErrors.tooLarge(lines.start()));
      return new ParseResult(documents, diagnostics.toList(), unchecked);
    }
    int nonEmpty = 0;
    try {
      Yaml yaml = new Yaml(YamlLimits.loaderOptions());
      Iterator<Node> roots = yaml.composeAll(new StringReader(text)).iterator();
      for (Node root = nextRoot(roots); root != null; root = nextRoot(roots)) {
        // "---" with nothing after it, or a document of only comments.
        if (Tag.NULL.equals(root.getTag())) {
          continue;
        }
        nonEmpty++;
        Reporter reporter = new Reporter(lines);
        DocumentReader reader = new DocumentReader(reporter, tenancy);
        Optional<PolicyDocument> document = reader.read(root);
        diagnostics.addAll(reporter.diagnostics());
        if (!reporter.hasErrors()) {
          document.ifPresent(documents::add);
        } else {
          unchecked.addAll(reader.expressionsRead());
        }
      }
    } catch (YAMLException e) {
      diagnostics.add(new YamlErrors(lines, text).toDiagnostic(e));
    } catch (StackOverflowError e) {
      // The nesting limit should make this unreachable; hostile input must still not crash a load.
      diagnostics.add(
          Diagnostic.error(
              YamlErrors.TOO_DEEP, lines.start(), "the YAML is nested too deeply to read"));
    }
    if (nonEmpty == 0 && diagnostics.isEmpty()) {
      diagnostics.error(EMPTY_FILE, lines.start(), "no policy documents in file");
    }
    return new ParseResult(documents, diagnostics.toList(), unchecked);
  }

  /**
   * The next document's root, or null after the last. snakeyaml throws IllegalArgumentException for
   * some malformed tags (a {@code %} escape cut short by the end of the file): a syntax error like
   * the others, not an internal error.
   */
  private static Node nextRoot(Iterator<Node> roots) {
    try {
      return roots.hasNext() ? roots.next() : null;
    } catch (IllegalArgumentException e) {
      throw new YAMLException(e.getMessage(), e);
    }
  }
}
