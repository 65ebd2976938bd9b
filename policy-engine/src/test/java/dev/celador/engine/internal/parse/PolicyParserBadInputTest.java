package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.codes;
import static dev.celador.engine.internal.parse.Fixtures.headlines;
import static dev.celador.engine.internal.parse.Fixtures.parse;
import static dev.celador.engine.internal.parse.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.celador.engine.internal.source.Diagnostic;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Hostile or broken text: each must give one clear diagnostic quickly, never an exception, a hang
 * or a stack overflow.
 */
class PolicyParserBadInputTest {

  private static final Duration QUICKLY = Duration.ofSeconds(10);

  private static ParseResult parseQuickly(String text) {
    return assertTimeoutPreemptively(QUICKLY, () -> parse(yaml(text)));
  }

  @Test
  void parse_emptyText_reportsEmptyFile() {
    assertThat(headlines(parse(yaml(""))))
        .containsExactly("t.yaml:1:1: error[empty_file]: no policy documents in file");
  }

  @Test
  void parse_onlyCommentsWhitespaceAndSeparators_reportsEmptyFile() {
    ParseResult result = parse(yaml("# nothing here\n\n   \n---\n# still nothing\n---\n"));

    assertThat(codes(result)).containsExactly("empty_file");
    assertThat(result.documents()).isEmpty();
  }

  @Test
  void parse_tagEscapeCutShortAtEndOfFile_reportsSyntaxErrorNotInternalError() {
    // snakeyaml throws IllegalArgumentException here, not a YAMLException (found by fuzzing).
    ParseResult result = parse(yaml("!%A"));

    assertThat(codes(result)).containsExactly("yaml_syntax");
    assertThat(result.documents()).isEmpty();
  }

  @Test
  void parse_scalarDocument_reportsWrongType() {
    assertThat(headlines(parse(yaml("just some text\n"))))
        .containsExactly(
            "t.yaml:1:1: error[wrong_type]: a policy document must be a mapping (apiVersion,"
                + " kind, metadata, spec), got a string");
  }

  @Test
  void parse_listDocument_reportsWrongType() {
    ParseResult result = parse(yaml("- apiVersion: celador.dev/v1alpha1\n- kind: AccessPolicy\n"));

    assertThat(codes(result)).containsExactly("wrong_type");
    assertThat(result.diagnostics().get(0).message())
        .startsWith("a policy document must be a mapping")
        .endsWith("got a list");
  }

  @Test
  void parse_aliasBomb_isRejectedQuickly() {
    // "Billion laughs": nine levels of nine references each would expand to 9^9 strings.
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    char previous = 'a';
    for (char level = 'b'; level <= 'i'; level++) {
      String refs = String.join(", ", Collections.nCopies(9, "*" + previous));
      bomb.append(level).append(": &").append(level).append(" [").append(refs).append("]\n");
      previous = level;
    }

    ParseResult result = parseQuickly(bomb.toString());

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:4:16: error[too_many_aliases]: more than 20 aliases to lists or mappings;"
                + " this looks like an alias bomb");
  }

  @Test
  void parse_recursiveAlias_isWrongTypeNotAnEndlessLoop() {
    ParseResult result =
        parseQuickly(
            Fixtures.policy(
                    "action: ALLOW\nrules: [{name: r, when: \"true\"}]\ntarget:\n  hosts: &h [*h]\n")
                .text());

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:9:12: error[wrong_type]: spec.target.hosts[0]: expected a string, got a list");
  }

  @Test
  void parse_thousandDeepFlowLists_reportsTooDeep() {
    ParseResult result = parseQuickly("[".repeat(1000) + "]".repeat(1000) + "\n");

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:1:65: error[too_deep]: mappings and lists are nested deeper than 64 levels");
  }

  @Test
  void parse_thousandDeepBlockMappings_reportsTooDeep() {
    StringBuilder text = new StringBuilder();
    for (int depth = 0; depth < 1000; depth++) {
      text.append("  ".repeat(depth)).append("k:\n");
    }

    ParseResult result = parseQuickly(text.toString());

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:65:129: error[too_deep]: mappings and lists are nested deeper than 64 levels");
  }

  @Test
  void parse_unclosedFlowList_reportsYamlSyntaxAtTheProblem() {
    assertThat(headlines(parse(yaml("a: [1, 2\nb: 3\n"))))
        .containsExactly(
            "t.yaml:2:2: error[yaml_syntax]: invalid YAML: expected ',' or ']', but got : (while"
                + " parsing a flow sequence started at line 1, column 4)");
  }

  @Test
  void parse_tabIndentation_reportsYamlSyntax() {
    Diagnostic diagnostic = parse(yaml("spec:\n\taction: ALLOW\n")).diagnostics().get(0);

    assertThat(diagnostic.code()).isEqualTo("yaml_syntax");
    assertThat(diagnostic.location().line()).isEqualTo(2);
    assertThat(diagnostic.message()).contains("TAB");
  }

  @Test
  void parse_controlCharacter_reportsYamlSyntaxAtTheCharacter() {
    assertThat(headlines(parse(yaml("a: b\nc: d\u0001\n"))))
        .containsExactly(
            "t.yaml:2:5: error[yaml_syntax]: invalid YAML: the control character U+0001 is not"
                + " allowed");
  }

  @Test
  void parse_javaGlobalTag_isRefused() {
    ParseResult result = parse(yaml("a: !!java.lang.ProcessBuilder [x]\n"));

    assertThat(codes(result)).containsExactly("yaml_syntax");
    assertThat(result.diagnostics().get(0).message()).contains("Global tag is not allowed");
  }

  @Test
  void parse_textOverTheSizeLimit_reportsTooLarge() {
    String text = "a: \"" + "x".repeat(YamlLimits.MAX_FILE_BYTES) + "\"\n";

    assertThat(headlines(parseQuickly(text)))
        .containsExactly(
            "t.yaml:1:1: error[too_large]: file is larger than the limit of 4194304 bytes (4 MiB)");
  }
}
