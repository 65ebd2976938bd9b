package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.SourceFile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One policy per YAML scalar style (and per chomping and indentation indicator) with a CEL typo
 * ({@code reqest}) inside the expression: the rendered diagnostics, line:column and caret, must
 * equal {@code parse/scalar-styles/<case>.diagnostics.txt}, whose positions were written from where
 * {@code reqest} stands in the file, not from the program's output.
 */
class ScalarStyleGoldenTest {

  private static final PolicyEngine ENGINE =
      PolicyEngine.create(Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "plain",
        "single-quoted",
        "double-quoted",
        "literal",
        "literal-strip",
        "literal-keep",
        "literal-indentation-indicator",
        "folded",
        "folded-strip",
        "folded-keep",
        "folded-more-indented",
        "properties",
        "tabs-and-wide-characters"
      })
  void load_typoInScalarStyle_reportsItsExactPosition(String style) {
    SourceFile policy = fixture("scalar-styles/" + style + ".yaml");

    LoadResult result = ENGINE.loadSources(List.of(policy));

    String expected = fixture("scalar-styles/" + style + ".diagnostics.txt").text();
    assertThat(result.render() + "\n").isEqualTo(expected);
  }
}
