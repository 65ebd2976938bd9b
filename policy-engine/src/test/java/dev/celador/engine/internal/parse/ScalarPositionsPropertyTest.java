package dev.celador.engine.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random CEL expressions with one undeclared identifier at a random place, written in every YAML
 * scalar style: the error is reported at that identifier in the file, and every value character
 * that is copied from the file (not made from an escape or a line break) maps to that character.
 */
class ScalarPositionsPropertyTest {

  private static final PolicyEngine ENGINE =
      PolicyEngine.create(Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
  private static final String TYPO = "reqest";
  private static final List<String> TERMS =
      List.of(
          "request.method == \"GET\"",
          "request.path.startsWith(\"/api\")",
          "source.principal != 'x'",
          "size(request.headers) > 2",
          "request.host == \"a  b\"",
          "!has(request.headers.x)",
          "request.path in [\"/a\", \"/b\"]",
          "request.method == \"it's\"",
          "request.path.matches(\"^/é+$\")");

  static Stream<Arguments> styles() {
    return Stream.of(
        Arguments.of("plain", (Function<List<String>, String>) ScalarPositionsPropertyTest::plain),
        Arguments.of(
            "single", (Function<List<String>, String>) ScalarPositionsPropertyTest::single),
        Arguments.of("double", (Function<List<String>, String>) ScalarPositionsPropertyTest::dbl),
        Arguments.of("literal", block("|")),
        Arguments.of("literal-strip", block("|-")),
        Arguments.of("literal-keep", block("|+")),
        Arguments.of("literal-indicator", block("|2")),
        Arguments.of("folded", block(">")),
        Arguments.of("folded-strip", block(">-")),
        Arguments.of("folded-keep-indicator", block(">+2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("styles")
  void compile_typoAnywhereInAnyStyle_pointsAtTheTypo(
      String style, Function<List<String>, String> render) {
    Random random = new Random(style.hashCode());
    for (int round = 0; round < 150; round++) {
      List<String> terms = new ArrayList<>();
      int count = 1 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        terms.add(TERMS.get(random.nextInt(TERMS.size())));
      }
      int at = random.nextInt(count);
      terms.set(at, terms.get(at).replaceFirst("request|source", TYPO));
      if (!terms.get(at).contains(TYPO)) {
        terms.set(at, TYPO + " == 1");
      }
      terms = withBreaks(terms, random);
      String text = policyWith(render.apply(terms));
      // Windows line endings every other round: a CRLF is one line break, as in snakeyaml.
      SourceFile source =
          new SourceFile("t.yaml", round % 2 == 0 ? text : text.replace("\n", "\r\n"));

      Expression expression = onlyWhen(source);
      assertCopiedCharactersMapBack(source, expression);
      LoadResult result = ENGINE.loadSources(List.of(source));
      assertThat(result.diagnostics())
          .as("%s", source.text())
          .extracting(Diagnostic::code)
          .containsExactly("undeclared_reference");
      SourceLocation where = result.diagnostics().get(0).location();
      assertThat(source.line(where.line()).substring(columnIndex(source, where)))
          .as("%s at %s in:%n%s", style, where, source.text())
          .startsWith(TYPO);
    }
  }

  /** Each term on its own line or after the previous one, sometimes with a blank line before. */
  private static List<String> withBreaks(List<String> terms, Random random) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < terms.size(); i++) {
      String joiner = i == terms.size() - 1 ? "" : " &&";
      line.append(terms.get(i)).append(joiner);
      if (random.nextBoolean() || i == terms.size() - 1) {
        lines.add(line.toString());
        if (random.nextInt(4) == 0 && i < terms.size() - 1) {
          lines.add("");
        }
        line.setLength(0);
      } else {
        line.append(' ');
      }
    }
    return lines;
  }

  private static String plain(List<String> lines) {
    // A plain scalar cannot start with '!' or hold ': ' / ' #'; quote-free terms keep it plain.
    if (lines.get(0).startsWith("!") || String.join("", lines).contains("'")) {
      return single(lines);
    }
    return String.join("\n        ", lines);
  }

  private static String single(List<String> lines) {
    return "'"
        + String.join("\n        ", lines.stream().map(l -> l.replace("'", "''")).toList())
        + "'";
  }

  private static String dbl(List<String> lines) {
    List<String> escaped = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("é", "\\u00e9");
      // Alternate escaped line breaks (no space) and folded ones (a space).
      boolean last = i == lines.size() - 1;
      escaped.add(i % 2 == 0 && !l.isEmpty() && !last ? l + " \\" : l);
    }
    return "\"" + String.join("\n        ", escaped) + "\"";
  }

  private static Function<List<String>, String> block(String header) {
    boolean indicator = header.matches(".*\\d");
    return lines -> {
      StringBuilder out = new StringBuilder(header).append('\n');
      for (int i = 0; i < lines.size(); i++) {
        String extra = indicator && i == 0 ? "  " : "";
        out.append(lines.get(i).isEmpty() ? "" : "        " + extra + lines.get(i)).append('\n');
      }
      return out.toString().stripTrailing();
    };
  }

  private static String policyWith(String when) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata:
          name: p
        spec:
          action: ALLOW
          rules:
            - name: r
              when: %s
        """
        .formatted(when);
  }

  private static Expression onlyWhen(SourceFile source) {
    ParseResult parsed = new PolicyParser().parse(source);
    assertThat(parsed.diagnostics()).as("%s", source.text()).isEmpty();
    return ((AccessPolicy) parsed.documents().get(0)).rules().get(0).when();
  }

  private static void assertCopiedCharactersMapBack(SourceFile source, Expression expression) {
    String text = expression.text();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      SourceLocation at = expression.positions().at(i);
      String line = source.line(at.line());
      int index = columnIndex(source, at);
      assertThat(index).as("char %d of %s", i, text).isLessThanOrEqualTo(line.length());
      if (Character.isWhitespace(c)) {
        continue;
      }
      char inFile = line.charAt(index);
      if (inFile == '\\' || (inFile == '\'' && c == '\'')) {
        continue; // made from an escape: placed at its start
      }
      assertThat(inFile).as("char %d of %s at %s", i, text, at).isEqualTo(c);
    }
  }

  /** The UTF-16 index in its line of a location whose column counts code points. */
  private static int columnIndex(SourceFile source, SourceLocation at) {
    String line = source.line(at.line());
    return line.offsetByCodePoints(
        0, Math.min(at.column() - 1, line.codePointCount(0, line.length())));
  }
}
