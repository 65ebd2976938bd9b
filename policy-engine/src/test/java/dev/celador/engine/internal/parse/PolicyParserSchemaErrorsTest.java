package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.RULES;
import static dev.celador.engine.internal.parse.Fixtures.codes;
import static dev.celador.engine.internal.parse.Fixtures.fixture;
import static dev.celador.engine.internal.parse.Fixtures.headlines;
import static dev.celador.engine.internal.parse.Fixtures.only;
import static dev.celador.engine.internal.parse.Fixtures.parse;
import static dev.celador.engine.internal.parse.Fixtures.parseSpecWith;
import static dev.celador.engine.internal.parse.Fixtures.policy;
import static dev.celador.engine.internal.parse.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Structural errors (unknown, wrongly typed, missing and duplicate fields): each code, where it
 * points and how it reads. Inline policies put spec fields on line 6, indented by two.
 */
class PolicyParserSchemaErrorsTest {

  @Test
  void parse_unknownFieldWrongTypeAndMissingField_reportsAllThreeInOneRun() {
    ParseResult result = parse(fixture("three-errors.yaml"));

    assertThat(headlines(result))
        .containsExactly(
            "parse/three-errors.yaml:6:1: error[missing_field]: spec.rules: required field is"
                + " missing",
            "parse/three-errors.yaml:8:11: error[wrong_type]: spec.dryRun: expected a boolean, got"
                + " a string",
            "parse/three-errors.yaml:9:3: error[unknown_field]: unknown field 'rulez' in spec;"
                + " expected one of: action, allowResponse, denyResponse, dryRun, failurePolicy,"
                + " rules, target");
    assertThat(result.documents()).isEmpty();
  }

  @Test
  void render_threeErrors_matchesGoldenFile() {
    SourceFile file = fixture("three-errors.yaml");

    String rendered =
        parse(file).diagnostics().stream()
            .map(d -> d.render(file))
            .collect(Collectors.joining("\n", "", "\n"));

    assertThat(rendered).isEqualTo(fixture("three-errors.diagnostics.txt").text());
  }

  @Test
  void parse_unknownTopLevelField_pointsAtTheKey() {
    Diagnostic diagnostic =
        only(parse(yaml(policy("action: ALLOW\n" + RULES).text() + "status: {}\n")));

    assertThat(diagnostic.headline())
        .isEqualTo(
            "t.yaml:8:1: error[unknown_field]: unknown field 'status'; expected one of:"
                + " apiVersion, kind, metadata, spec");
  }

  @Test
  void parse_unknownRuleField_namesTheRulePath() {
    Diagnostic diagnostic =
        only(parse(policy("action: ALLOW\nrules:\n  - {name: r, when: \"true\", whenn: x}\n")));

    assertThat(diagnostic.code()).isEqualTo("unknown_field");
    assertThat(diagnostic.message())
        .isEqualTo("unknown field 'whenn' in spec.rules[0]; expected one of: name, when");
    assertThat(diagnostic.location().line()).isEqualTo(8);
    assertThat(diagnostic.location().column()).isEqualTo(31);
  }

  @Test
  void parse_integerWhereStringExpected_suggestsQuoting() {
    ParseResult result =
        parse(
            yaml(
                """
                apiVersion: celador.dev/v1alpha1
                kind: AccessPolicy
                metadata:
                  name: p
                  labels: {version: 2}
                spec: {action: ALLOW, rules: [{name: r, when: "true"}]}
                """));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:5:21: error[wrong_type]: metadata.labels.version: expected a string, got an"
                + " integer (quote it to make it a string)");
  }

  @Test
  void parse_nullWhereStringRequired_isWrongType() {
    ParseResult result =
        parse(
            yaml(
                """
                apiVersion: celador.dev/v1alpha1
                kind: AccessPolicy
                metadata:
                  name:
                spec: {action: ALLOW, rules: [{name: r, when: "true"}]}
                """));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:4:8: error[wrong_type]: metadata.name: expected a string, got null");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dryRun: 'true'         | spec.dryRun: expected a boolean, got a string",
        "dryRun: 1              | spec.dryRun: expected a boolean, got an integer",
        "action: [ALLOW]        | spec.action: expected a string, got a list",
        "failurePolicy: null    | spec.failurePolicy: expected a string, got null",
        "target: [x]            | spec.target: expected a mapping, got a list",
        "target: {hosts: a.com} | spec.target.hosts: expected a list, got a string",
        "denyResponse: {status: '403'} | spec.denyResponse.status: expected an integer, got a string",
        "denyResponse: {message: 1.5}  | spec.denyResponse.message: expected a string, got a number"
            + " (quote it to make it a string)",
        "allowResponse: {headers: [a]} | spec.allowResponse.headers: expected a mapping, got a list",
      })
  void parse_valueOfWrongType_reportsWrongTypeWithPath(String field, String message) {
    ParseResult result = parseSpecWith(field);

    assertThat(result.diagnostics())
        .extracting(Diagnostic::code, Diagnostic::message)
        .containsExactly(Tuple.tuple("wrong_type", message));
  }

  @Test
  void parse_wrongTypeInRuleList_namesTheIndexAndPointsAtTheValue() {
    Diagnostic diagnostic =
        only(
            parse(
                policy(
                    "action: ALLOW\nrules:\n  - {name: a, when: \"true\"}\n  - name: b\n    when: [x]\n")));

    assertThat(diagnostic.headline())
        .isEqualTo(
            "t.yaml:10:13: error[wrong_type]: spec.rules[1].when: expected a string (a CEL"
                + " expression), got a list");
  }

  @Test
  void parse_missingTopLevelFields_pointAtTheDocumentStart() {
    ParseResult result = parse(yaml("apiVersion: celador.dev/v1alpha1\nkind: AccessPolicy\n"));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:1:1: error[missing_field]: metadata: required field is missing",
            "t.yaml:1:1: error[missing_field]: spec: required field is missing");
  }

  @Test
  void parse_missingKind_reportsItAndSkipsTheSpec() {
    ParseResult result =
        parse(yaml("apiVersion: celador.dev/v1alpha1\nmetadata: {name: p}\nspec: {}\n"));

    assertThat(headlines(result))
        .containsExactly("t.yaml:1:1: error[missing_field]: kind: required field is missing");
  }

  @Test
  void parse_missingRuleFields_pointAtTheRule() {
    ParseResult result = parse(policy("action: ALLOW\nrules:\n  - name: r\n  - when: \"true\"\n"));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:8:7: error[missing_field]: spec.rules[0].when: required field is missing",
            "t.yaml:9:7: error[missing_field]: spec.rules[1].name: required field is missing");
  }

  @Test
  void parse_missingAction_pointsAtSpecKey() {
    Diagnostic diagnostic = only(parse(policy(RULES)));

    assertThat(diagnostic.headline())
        .isEqualTo("t.yaml:5:1: error[missing_field]: spec.action: required field is missing");
  }

  @Test
  void parse_duplicateKey_pointsAtTheSecondKey() {
    Diagnostic diagnostic = only(parse(policy("action: ALLOW\n" + RULES + "action: DENY\n")));

    assertThat(diagnostic.headline())
        .isEqualTo(
            "t.yaml:8:3: error[duplicate_key]: duplicate key 'action' in spec; first defined at"
                + " line 6");
  }

  @Test
  void parse_duplicateTopLevelKey_isReported() {
    ParseResult result =
        parse(yaml(policy("action: ALLOW\n" + RULES).text() + "kind: AccessPolicy\n"));

    assertThat(codes(result)).containsExactly("duplicate_key");
    assertThat(result.diagnostics().get(0).message())
        .isEqualTo("duplicate key 'kind' in a document; first defined at line 2");
  }

  @Test
  void parse_duplicateRuleName_pointsAtTheSecondName() {
    Diagnostic diagnostic =
        only(
            parse(
                policy(
                    """
                    action: ALLOW
                    rules:
                      - name: r
                        when: "true"
                      - name: r
                        when: "false"
                    """)));

    assertThat(diagnostic.headline())
        .isEqualTo(
            "t.yaml:10:13: error[duplicate_name]: spec.rules[1].name: duplicate rule name 'r';"
                + " first used at line 8");
  }

  @Test
  void parse_headerNamesDifferingOnlyInCase_reportsDuplicateName() {
    Diagnostic diagnostic =
        only(
            parse(
                policy(
                    "action: ALLOW\n"
                        + RULES
                        + "allowResponse:\n  headers:\n    X-User: a\n    x-user: b\n")));

    assertThat(diagnostic.headline())
        .isEqualTo(
            "t.yaml:11:7: error[duplicate_name]: spec.allowResponse.headers.x-user: duplicate"
                + " header 'x-user' (header names ignore case); first set at line 10");
  }

  @Test
  void parse_nonStringKey_isWrongType() {
    ParseResult result = parse(policy("action: ALLOW\n" + RULES + "? [a, b]\n: c\n"));

    assertThat(headlines(result))
        .containsExactly("t.yaml:8:5: error[wrong_type]: spec: expected a string key, got a list");
  }

  @Test
  void parse_errorsInSeveralDocuments_areAllReportedInFileOrder() {
    String broken = policy("action: nope\n" + RULES).text();
    ParseResult result = parse(yaml(broken + "---\n" + broken));

    assertThat(result.diagnostics()).extracting(d -> d.location().line()).containsExactly(6, 14);
  }
}
