package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.fixture;
import static dev.celador.engine.internal.parse.Fixtures.onlyPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.SourceLocation;
import org.junit.jupiter.api.Test;

/**
 * Where the characters of a CEL expression are in the file, so CEL errors (line 1-based, column
 * 0-based within the expression) land on the right file position. Lines refer to
 * parse/expressions.yaml; {@link ScalarStyleGoldenTest} covers every style with rendered errors.
 */
class ExpressionPositionsTest {

  private static final String FILE = "parse/expressions.yaml";
  private static final AccessPolicy POLICY = onlyPolicy(fixture("expressions.yaml"));

  private static Expression when(String rule) {
    return POLICY.rules().stream()
        .filter(r -> r.name().equals(rule))
        .map(AccessRule::when)
        .findFirst()
        .orElseThrow();
  }

  /** The {@code when} of the only rule of a policy {@code t.yaml} with the given spec. */
  private static Expression onlyWhen(String spec) {
    return onlyPolicy(Fixtures.policy(spec)).rules().get(0).when();
  }

  private static SourceLocation at(int line, int column) {
    return new SourceLocation(FILE, line, column);
  }

  @Test
  void locate_plainScalar_offsetsFromTheValueStart() {
    Expression expression = when("plain");

    assertThat(expression.location()).isEqualTo(at(9, 13));
    // CEL column 7 is the '.' of request.method.
    assertThat(expression.locate(1, 7)).isEqualTo(at(9, 20));
    assertThat(fixture("expressions.yaml").line(9).charAt(20 - 1)).isEqualTo('.');
  }

  @Test
  void locate_doubleQuotedScalar_skipsTheQuote() {
    Expression expression = when("double-quoted");

    assertThat(expression.text()).isEqualTo("request.method == 'GET'");
    assertThat(expression.location()).isEqualTo(at(11, 14));
    assertThat(expression.locate(1, 0)).isEqualTo(at(11, 14));
  }

  @Test
  void locate_singleQuotedScalar_skipsTheQuote() {
    Expression expression = when("single-quoted");

    assertThat(expression.location()).isEqualTo(at(13, 14));
    assertThat(expression.locate(1, 18)).isEqualTo(at(13, 32));
    assertThat(fixture("expressions.yaml").line(13).charAt(32 - 1)).isEqualTo('"');
  }

  @Test
  void locate_literalBlock_mapsEachLineToItsFileLine() {
    Expression expression = when("literal");

    assertThat(expression.text())
        .isEqualTo("request.method == \"GET\" &&\nrequest.path.startsWith(\"/orders\")\n");
    assertThat(expression.locate(1, 0)).isEqualTo(at(16, 9));
    assertThat(expression.locate(2, 0)).isEqualTo(at(17, 9));
    // A CEL error on the second line of the block, column 4 ("e" of "request").
    assertThat(expression.locate(2, 4)).isEqualTo(at(17, 13));
    assertThat(expression.locate(2, 8)).isEqualTo(at(17, 17));
    assertThat(fixture("expressions.yaml").line(17).charAt(17 - 1)).isEqualTo('p');
  }

  @Test
  void locate_literalBlockWithDeeperLines_keepsTheExtraIndentationInTheText() {
    Expression expression = when("literal-strip-indented");

    assertThat(expression.text())
        .isEqualTo("request.method == \"GET\" ||\n  request.method == \"HEAD\"");
    assertThat(expression.locate(1, 0)).isEqualTo(at(20, 11));
    assertThat(expression.locate(2, 0)).isEqualTo(at(21, 11));
    assertThat(expression.locate(2, 2)).isEqualTo(at(21, 13));
    assertThat(fixture("expressions.yaml").line(21).charAt(13 - 1)).isEqualTo('r');
  }

  @Test
  void locate_literalBlockStartingWithBlankLine_countsTheBlankLine() {
    Expression expression = when("literal-leading-blank");

    assertThat(expression.text()).startsWith("\nhas(");
    assertThat(expression.locate(2, 0)).isEqualTo(at(25, 9));
    assertThat(expression.locate(3, 0)).isEqualTo(at(26, 9));
  }

  @Test
  void locate_literalBlockWithIndentationIndicator_countsFromTheKeyIndentation() {
    Expression expression = when("indentation-indicator");

    assertThat(expression.text()).isEqualTo("  request.method == \"GET\" &&\ntrue\n");
    assertThat(expression.locate(1, 2)).isEqualTo(at(33, 11));
    assertThat(expression.locate(2, 0)).isEqualTo(at(34, 9));
  }

  @Test
  void locate_foldedBlock_mapsTheFoldedLineToItsFileLine() {
    Expression expression = when("folded");

    assertThat(expression.text()).isEqualTo("request.method == \"GET\" && true\n");
    assertThat(expression.location()).isEqualTo(at(29, 9));
    // "true" is on the folded second line, though CEL sees one line.
    assertThat(expression.locate(1, 27)).isEqualTo(at(30, 9));
    // The space folded from the line break sits at the end of the first line.
    assertThat(expression.locate(1, 26)).isEqualTo(at(29, 35));
  }

  @Test
  void locate_headerValue_offsetsFromTheValueStart() {
    Expression expression = POLICY.allowHeaders().get(0).value();

    assertThat(expression.location()).isEqualTo(at(37, 17));
  }

  @Test
  void locate_literalBlockWithWindowsLineEndings_mapsLinesTheSame() {
    SourceFile crlf =
        new SourceFile("crlf.yaml", fixture("expressions.yaml").text().replace("\n", "\r\n"));

    AccessPolicy policy = onlyPolicy(crlf);
    Expression expression =
        policy.rules().stream()
            .filter(r -> r.name().equals("literal"))
            .findFirst()
            .orElseThrow()
            .when();

    assertThat(expression.locate(2, 4)).isEqualTo(new SourceLocation("crlf.yaml", 17, 13));
  }

  @Test
  void locate_multiLinePlainScalar_mapsTheSecondLineToItsFileLine() {
    Expression expression =
        onlyWhen(
            """
            action: ALLOW
            rules:
              - name: r
                when: request.method == "GET" &&
                  true
            """);

    assertThat(expression.text()).isEqualTo("request.method == \"GET\" && true");
    assertThat(expression.location()).isEqualTo(new SourceLocation("t.yaml", 9, 13));
    assertThat(expression.locate(1, 27)).isEqualTo(new SourceLocation("t.yaml", 10, 9));
  }

  @Test
  void locate_endOfInputInKeptFoldedBlock_pointsJustPastTheLastCharacter() {
    Expression expression =
        onlyWhen(
            """
            action: ALLOW
            rules:
              - name: r
                when: >+
                  request.method ==
                  "GET" ||


            """);

    assertThat(expression.text()).isEqualTo("request.method == \"GET\" ||\n\n\n");
    // CEL reports an unexpected end on the last (empty) line: just past "||" on line 11.
    assertThat(expression.locate(4, 0)).isEqualTo(new SourceLocation("t.yaml", 11, 17));
    assertThat(expression.locate(1, 18)).isEqualTo(new SourceLocation("t.yaml", 11, 9));
  }

  @Test
  void locate_lineBreakOnlyYamlKnows_placesEveryCharacterAtTheScalarStart() {
    // NEL (U+0085) breaks lines in YAML 1.1 but not in editors or SourceLines: the value read
    // again would differ from snakeyaml's, so positions fall back to where the scalar starts.
    Expression expression =
        onlyWhen(
            "action: ALLOW\nrules:\n  - name: r\n    when: request.method ==\u0085        \"GET\"\n");

    assertThat(expression.text()).isEqualTo("request.method == \"GET\"");
    assertThat(expression.locate(1, 18)).isEqualTo(new SourceLocation("t.yaml", 9, 13));
    assertThat(expression.locate(1, 0)).isEqualTo(new SourceLocation("t.yaml", 9, 13));
  }
}
