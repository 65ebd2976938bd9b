package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.RULES;
import static dev.celador.engine.internal.parse.Fixtures.codes;
import static dev.celador.engine.internal.parse.Fixtures.headlines;
import static dev.celador.engine.internal.parse.Fixtures.only;
import static dev.celador.engine.internal.parse.Fixtures.parse;
import static dev.celador.engine.internal.parse.Fixtures.parseSpecWith;
import static dev.celador.engine.internal.parse.Fixtures.policy;
import static dev.celador.engine.internal.parse.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.source.Diagnostic;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values of the right type that the schema still refuses ({@code invalid_value}, {@code
 * unknown_kind}): where each points and how it reads. Inline policies put spec fields on line 6.
 */
class PolicyParserInvalidValuesTest {

  @Test
  void parse_wrongApiVersion_isInvalidValueAtTheValue() {
    ParseResult result =
        parse(
            yaml(
                policy("action: ALLOW\n" + RULES)
                    .text()
                    .replace("celador.dev/v1alpha1", "celador.dev/v1")));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:1:13: error[invalid_value]: apiVersion: invalid value 'celador.dev/v1';"
                + " expected celador.dev/v1alpha1");
  }

  @Test
  void parse_unknownKind_reportsOnlyTheKindAndListsKnownKinds() {
    ParseResult result =
        parse(
            yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {replicas: 3}
                """));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:2:7: error[unknown_kind]: kind: unknown kind 'Deployment'; expected one of:"
                + " AccessPolicy, JwtAuthentication, MutatingAdmissionPolicy,"
                + " MutatingAdmissionPolicyBinding, RateLimitPolicy, ValidatingAdmissionPolicy,"
                + " ValidatingAdmissionPolicyBinding, ValidatingPolicy, ValidatingPolicyBinding");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "action: allow         | spec.action: invalid value 'allow'; expected one of: ALLOW, DENY,"
            + " AUDIT",
        "failurePolicy: fail   | spec.failurePolicy: invalid value 'fail'; expected one of: Fail,"
            + " Ignore",
        "denyResponse: {status: 200} | spec.denyResponse.status: must be an HTTP status from 400 to"
            + " 599, got 200",
        "denyResponse: {status: 0403} | spec.denyResponse.status: write the number in decimal, got"
            + " '0403'",
        "denyResponse: {status: 99999999999999999999} | spec.denyResponse.status: must be an HTTP"
            + " status from 400 to 599, got 9223372036854775807",
        "target: {namespaces: [Shop]} | spec.target.namespaces[0]: invalid value 'Shop'; must be a"
            + " DNS-1123 label: lower-case letters, digits and '-', starting and ending with a"
            + " letter or digit, at most 63 characters",
        "target: {serviceAccounts: [-orders]} | spec.target.serviceAccounts[0]: invalid value"
            + " '-orders'; must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.',"
            + " starting and ending with a letter or digit, at most 253 characters",
        "target: {principals: ['  ']} | spec.target.principals[0]: must not be empty",
      })
  void parse_badValue_reportsInvalidValue(String field, String message) {
    ParseResult result = parseSpecWith(field);

    assertThat(result.diagnostics())
        .extracting(Diagnostic::code, Diagnostic::message)
        .containsExactly(Tuple.tuple("invalid_value", message));
  }

  @ParameterizedTest
  @CsvSource({"'*foo.example.com'", "'a.*.example.com'", "'*'", "'orders.example.com:8080'", "''"})
  void parse_badHostPattern_reportsInvalidValue(String host) {
    ParseResult result =
        parse(policy("action: ALLOW\n" + RULES + "target: {hosts: ['" + host + "']}\n"));

    assertThat(codes(result)).containsExactly("invalid_value");
    assertThat(result.diagnostics().get(0).message()).startsWith("spec.target.hosts[0]: invalid");
  }

  @ParameterizedTest
  @CsvSource({"Orders", "orders_rbac", "-orders", "orders-"})
  void parse_nameNotDnsSubdomain_reportsInvalidValueAtTheName(String name) {
    ParseResult result =
        parse(yaml(policy("action: ALLOW\n" + RULES).text().replace("name: p", "name: " + name)));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:4:9: error[invalid_value]: metadata.name: invalid value '"
                + name
                + "'; "
                + Names.SUBDOMAIN.text());
  }

  @Test
  void parse_nameOfMaximumLength_isAccepted() {
    String name =
        "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    assertThat(name).hasSize(253);

    ParseResult result =
        parse(yaml(policy("action: ALLOW\n" + RULES).text().replace("name: p", "name: " + name)));

    assertThat(result.diagnostics()).isEmpty();
  }

  @Test
  void parse_namespaceNotDnsLabel_reportsInvalidValue() {
    ParseResult result =
        parse(
            yaml(
                policy("action: ALLOW\n" + RULES)
                    .text()
                    .replace("name: p", "name: p\n  namespace: shop.eu")));

    assertThat(codes(result)).containsExactly("invalid_value");
    assertThat(result.diagnostics().get(0).message()).startsWith("metadata.namespace: invalid");
  }

  @Test
  void parse_emptyRules_reportsInvalidValue() {
    Diagnostic diagnostic = only(parse(policy("action: ALLOW\nrules: []\n")));

    assertThat(diagnostic.headline())
        .isEqualTo("t.yaml:7:10: error[invalid_value]: spec.rules: must list at least one rule");
  }

  @Test
  void parse_blankCondition_reportsInvalidValue() {
    Diagnostic diagnostic = only(parse(policy("action: ALLOW\nrules: [{name: r, when: \" \"}]\n")));

    assertThat(diagnostic.message()).isEqualTo("spec.rules[0].when: must not be empty");
  }

  @Test
  void parse_badHeaderName_reportsInvalidValueAtTheName() {
    Diagnostic diagnostic =
        only(
            parse(
                policy(
                    "action: ALLOW\n"
                        + RULES
                        + "allowResponse:\n  headers:\n    \"x caller\": a\n")));

    assertThat(diagnostic.code()).isEqualTo("invalid_value");
    assertThat(diagnostic.location().line()).isEqualTo(10);
    assertThat(diagnostic.location().column()).isEqualTo(7);
    assertThat(diagnostic.message())
        .startsWith("spec.allowResponse.headers[\"x caller\"]: invalid header name 'x caller'");
  }
}
