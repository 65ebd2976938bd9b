package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.fixture;
import static dev.celador.engine.internal.parse.Fixtures.headlines;
import static dev.celador.engine.internal.parse.Fixtures.parse;
import static dev.celador.engine.internal.parse.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.RateLimit;
import dev.celador.engine.internal.model.RateLimit.Backend;
import dev.celador.engine.internal.model.RateLimit.FailureMode;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RateLimitPolicy documents: every field read, every mistake reported where it is. */
class RateLimitPolicyParserTest {

  /** Envelope of five lines; limit fields of {@link #limit} start on line 8, column 7. */
  private static final String ENVELOPE =
      """
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: p, namespace: shop}
      spec:
        limits:
      """;

  @Test
  void parse_fullPolicy_readsEveryField() {
    ParseResult result = parse(fixture("rate-limit.yaml"));

    assertThat(result.diagnostics()).isEmpty();
    RateLimitPolicy policy = (RateLimitPolicy) result.documents().get(0);
    assertThat(policy.metadata().id()).isEqualTo("shop/orders-api");
    assertThat(policy.target().namespaces()).containsExactly("shop");
    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.IGNORE);
    assertThat(policy.headersOnAllow()).isTrue();
    assertThat(policy.limits()).hasSize(2);

    RateLimit first = policy.limits().get(0);
    assertThat(first.name()).isEqualTo("per-caller");
    assertThat(first.key().text()).isEqualTo("source.principal");
    assertThat(first.key().location())
        .isEqualTo(new SourceLocation("parse/rate-limit.yaml", 13, 12));
    assertThat(first.when()).isEmpty();
    assertThat(first.requests()).isEqualTo(100);
    assertThat(first.period()).isEqualTo(Duration.ofMinutes(1));
    assertThat(first.burst()).as("burst defaults to requests").isEqualTo(100);
    assertThat(first.shadow()).isFalse();
    assertThat(first.backend()).isEqualTo(Backend.LOCAL);
    assertThat(first.failureMode()).isEqualTo(FailureMode.OPEN);

    RateLimit second = policy.limits().get(1);
    assertThat(second.when())
        .hasValueSatisfying(
            w -> assertThat(w.text()).isEqualTo("\"x-api-key\" in request.headers"));
    assertThat(second.period()).isEqualTo(Duration.ofSeconds(90));
    assertThat(second.burst()).isEqualTo(5);
    assertThat(second.shadow()).isTrue();
    assertThat(second.backend()).isEqualTo(Backend.REDIS);
    assertThat(second.failureMode()).isEqualTo(FailureMode.CLOSED);
  }

  @Test
  void parse_defaults_targetItsNamespaceFailAndNoHeadersOnAllow() {
    RateLimitPolicy policy =
        only(limit("{name: a, key: source.principal, rate: {requests: 1, period: 1s}}"));

    assertThat(policy.target().namespaces()).containsExactly("shop");
    assertThat(policy.target().hosts()).isEmpty();
    assertThat(policy.target().serviceAccounts()).isEmpty();
    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.FAIL);
    assertThat(policy.headersOnAllow()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{name: a, key: k, rate: {requests: 1, period: 1s}, burst: 0}"
            + "|t.yaml:6:65: error[invalid_value]: spec.limits[0].burst: must be at least 1, got 0",
        "{name: a, key: k, rate: {requests: 0, period: 1s}}"
            + "|t.yaml:6:42: error[invalid_value]: spec.limits[0].rate.requests: must be at least 1,"
            + " got 0",
        "{name: a, key: k, rate: {requests: 1, period: 1 minute}}"
            + "|t.yaml:6:53: error[invalid_value]: spec.limits[0].rate.period: invalid duration '1"
            + " minute'; expected a number and unit such as 1s, 1m, 1h, 1d or 1m30s (units: ns, us,"
            + " ms, s, m, h, d)",
        "{name: a, key: k, rate: {requests: 1, period: 0s}}"
            + "|t.yaml:6:53: error[invalid_value]: spec.limits[0].rate.period: invalid duration"
            + " '0s'; must be more than 0 and at most 366d",
        "{name: a, key: k, rate: {requests: 1, period: -1s}}"
            + "|t.yaml:6:53: error[invalid_value]: spec.limits[0].rate.period: invalid duration"
            + " '-1s'; must be more than 0 and at most 366d",
        "{name: a, key: k, rate: {requests: 1, period: 400d}}"
            + "|t.yaml:6:53: error[invalid_value]: spec.limits[0].rate.period: invalid duration"
            + " '400d'; must be more than 0 and at most 366d",
        "{name: a, key: k, rate: {requests: 2000000, period: 1s}}"
            + "|t.yaml:6:42: error[invalid_value]: spec.limits[0].rate.requests: at most one"
            + " request per microsecond: 2000000 per 1s is finer than that",
        "{name: a, key: k, rate: {requests: 1, period: 1d}, burst: 400}"
            + "|t.yaml:6:65: error[invalid_value]: spec.limits[0].burst: burst 400 at this rate"
            + " takes longer than 366d to refill; lower the burst or raise the rate",
        "{name: a, key: k, rate: {requests: 1, period: 1s}, backend: memcache}"
            + "|t.yaml:6:67: error[invalid_value]: spec.limits[0].backend: invalid value"
            + " 'memcache'; expected one of: local, redis",
        "{name: a, key: k, rate: {requests: 1, period: 1s}, failureMode: Open}"
            + "|t.yaml:6:71: error[invalid_value]: spec.limits[0].failureMode: invalid value"
            + " 'Open'; expected one of: open, closed",
        "{name: Per_User, key: k, rate: {requests: 1, period: 1s}}"
            + "|t.yaml:6:14: error[invalid_value]: spec.limits[0].name: invalid value 'Per_User';"
            + " must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending"
            + " with a letter or digit, at most 63 characters",
        "{name: a, rate: {requests: 1, period: 1s}}"
            + "|t.yaml:6:7: error[missing_field]: spec.limits[0].key: required field is missing",
        "{name: a, key: k, rate: {requests: 1, period: 1s}, limit: 5}"
            + "|t.yaml:6:58: error[unknown_field]: unknown field 'limit' in spec.limits[0];"
            + " expected one of: backend, burst, failureMode, key, name, rate, shadow, when",
        "{name: a, key: k, rate: {requests: 1, per: 1s}}"
            + "|t.yaml:6:45: error[unknown_field]: unknown field 'per' in spec.limits[0].rate;"
            + " expected one of: period, requests",
      })
  void parse_badLimit_reportsOneErrorAtItsPosition(String limit, String expected) {
    ParseResult result = parse(yaml(ENVELOPE + "    - " + limit + "\n"));

    assertThat(headlines(result)).contains(expected);
    assertThat(result.documents()).isEmpty();
  }

  @Test
  void parse_duplicateLimitName_pointsAtTheSecond() {
    ParseResult result =
        parse(
            yaml(
                ENVELOPE
                    + "    - {name: a, key: k, rate: {requests: 1, period: 1s}}\n"
                    + "    - {name: a, key: k, rate: {requests: 1, period: 1s}}\n"));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:7:14: error[duplicate_name]: spec.limits[1].name: duplicate limit name 'a';"
                + " first used at line 6");
  }

  @Test
  void parse_noLimits_isAnError() {
    ParseResult result = parse(yaml(ENVELOPE.replace("  limits:\n", "  limits: []\n")));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:5:11: error[invalid_value]: spec.limits: must list at least one limit");
  }

  @Test
  void parse_badKeyExpression_keepsItForTheCompilerToCheck() {
    ParseResult result =
        parse(
            yaml(
                ENVELOPE
                    + "    - {name: a, key: 'claims.sub', rate: {requests: 1, period: 1x}}\n"));

    assertThat(result.unchecked())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.condition()).isFalse();
              assertThat(e.what()).isEqualTo("spec.limits[0].key");
            });
  }

  private static ParseResult limit(String limit) {
    return parse(yaml(ENVELOPE + "    - " + limit + "\n"));
  }

  private static RateLimitPolicy only(ParseResult result) {
    assertThat(result.diagnostics()).isEmpty();
    return (RateLimitPolicy) result.documents().get(0);
  }
}
