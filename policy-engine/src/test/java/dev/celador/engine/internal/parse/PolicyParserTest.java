package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.fixture;
import static dev.celador.engine.internal.parse.Fixtures.headlines;
import static dev.celador.engine.internal.parse.Fixtures.onlyPolicy;
import static dev.celador.engine.internal.parse.Fixtures.parse;
import static dev.celador.engine.internal.parse.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.DenyResponse;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.HeaderValue;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading valid AccessPolicy documents: every field, defaults and several documents per file. */
class PolicyParserTest {

  private static final String FULL = "parse/full.yaml";

  private static SourceLocation at(String file, int line, int column) {
    return new SourceLocation(file, line, column);
  }

  @Test
  void parse_everyField_readsEachValue() {
    AccessPolicy policy = onlyPolicy(fixture("full.yaml"));

    assertThat(policy.kind()).isEqualTo("AccessPolicy");
    assertThat(policy.location()).isEqualTo(at(FULL, 2, 1));
    assertThat(policy.metadata().name()).isEqualTo("orders-rbac");
    assertThat(policy.metadata().namespace()).isEqualTo("shop");
    assertThat(policy.metadata().id()).isEqualTo("shop/orders-rbac");
    assertThat(policy.metadata().labels())
        .isEqualTo(Map.of("team", "orders", "app.kubernetes.io/part-of", "shop"));
    assertThat(policy.metadata().location()).isEqualTo(at(FULL, 5, 9));
    assertThat(policy.action()).isEqualTo(Action.DENY);
    assertThat(policy.dryRun()).isTrue();
    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.IGNORE);
  }

  @Test
  void parse_target_readsSelectorsAndLowerCasesHosts() {
    AccessPolicy policy = onlyPolicy(fixture("full.yaml"));

    assertThat(policy.target().hosts())
        .containsExactly("orders.shop.svc.cluster.local", "*.shop.svc");
    assertThat(policy.target().namespaces()).containsExactly("shop");
    assertThat(policy.target().serviceAccounts()).containsExactly("orders");
    assertThat(policy.target().principals())
        .containsExactly("spiffe://cluster.local/ns/shop/sa/orders");
    assertThat(policy.target().contextExtensions()).isEqualTo(Map.of("service", "orders"));
    assertThat(policy.target().location()).isEqualTo(at(FULL, 13, 3));
    assertThat(policy.target().selectsEverything()).isFalse();
  }

  @Test
  void parse_rules_readsNamesExpressionsAndLocations() {
    AccessPolicy policy = onlyPolicy(fixture("full.yaml"));

    List<AccessRule> rules = policy.rules();
    assertThat(rules)
        .extracting(AccessRule::name)
        .containsExactly("frontend-reads", "admin-writes");
    assertThat(rules.get(0).when().text()).isEqualTo("request.method == \"GET\"");
    assertThat(rules.get(0).location()).isEqualTo(at(FULL, 23, 7));
    assertThat(rules.get(1).when().text())
        .isEqualTo(
            "request.method in [\"POST\", \"PUT\"] &&\n"
                + "source.principal.endsWith(\"/sa/admin\")\n");
  }

  @Test
  void parse_responses_readsDenyResponseAndLowerCasedHeaders() {
    AccessPolicy policy = onlyPolicy(fixture("full.yaml"));

    assertThat(policy.denyResponse())
        .contains(new DenyResponse(451, "orders: not allowed", at(FULL, 29, 3)));
    assertThat(policy.allowHeaders())
        .extracting(HeaderValue::name)
        .containsExactly("x-celador-caller", "x-celador-rule");
    HeaderValue caller = policy.allowHeaders().get(0);
    assertThat(caller.value().text()).isEqualTo("source.principal");
    assertThat(caller.value().location()).isEqualTo(at(FULL, 34, 25));
    assertThat(caller.location()).isEqualTo(at(FULL, 34, 7));
    assertThat(policy.allowHeaders().get(1).value().text()).isEqualTo("'admin'");
  }

  @Test
  void parse_minimalPolicy_appliesDefaults() {
    AccessPolicy policy = onlyPolicy(fixture("minimal.yaml"));

    assertThat(policy.metadata().namespace()).isEmpty();
    assertThat(policy.metadata().labels()).isEmpty();
    assertThat(policy.target().selectsEverything()).isTrue();
    assertThat(policy.target().location()).isEqualTo(at("parse/minimal.yaml", 5, 1));
    assertThat(policy.dryRun()).isFalse();
    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.FAIL);
    assertThat(policy.denyResponse()).isEmpty();
    assertThat(policy.allowHeaders()).isEmpty();
  }

  @Test
  void parse_emptyDenyResponse_defaultsStatusAndMessage() {
    AccessPolicy policy =
        onlyPolicy(
            policy(
                """
                action: DENY
                rules: [{name: r, when: "true"}]
                denyResponse: {}
                """));

    assertThat(policy.denyResponse()).get().extracting(DenyResponse::status).isEqualTo(403);
    assertThat(policy.denyResponse()).get().extracting(DenyResponse::message).isEqualTo("");
  }

  @Test
  void parse_yamlBooleanSpellings_areBooleans() {
    AccessPolicy policy =
        onlyPolicy(
            policy(
                """
                action: AUDIT
                dryRun: yes
                rules: [{name: r, when: "true"}]
                """));

    assertThat(policy.dryRun()).isTrue();
  }

  @Test
  void parse_unquotedBooleanCondition_keepsItsTextAsCel() {
    AccessPolicy policy =
        onlyPolicy(
            policy(
                """
                action: ALLOW
                rules:
                  - name: r
                    when: true
                """));

    assertThat(policy.rules().get(0).when().text()).isEqualTo("true");
  }

  @Test
  void parse_aliasToRule_readsTheAnchoredValue() {
    AccessPolicy policy =
        onlyPolicy(
            policy(
                """
                action: ALLOW
                rules:
                  - &shared {name: a, when: "true"}
                  - {name: b, when: "false"}
                """));

    assertThat(policy.rules()).extracting(AccessRule::name).containsExactly("a", "b");
  }

  @Test
  void parse_severalDocuments_skipsEmptyOnesAndLeavesOutTheBrokenOne() {
    ParseResult result = parse(fixture("multi-document.yaml"));

    assertThat(result.documents())
        .extracting(d -> d.metadata().name())
        .containsExactly("first", "third");
    assertThat(headlines(result))
        .containsExactly(
            "parse/multi-document.yaml:19:11: error[invalid_value]: spec.action: invalid value"
                + " 'allow'; expected one of: ALLOW, DENY, AUDIT");
    assertThat(result.hasErrors()).isTrue();
  }

  @Test
  void parse_documentAfterSyntaxError_isNotRead() {
    ParseResult result =
        parse(
            Fixtures.yaml(
                Fixtures.ENVELOPE
                    + """
                      action: ALLOW
                      rules: [{name: r, when: "true"}]
                    ---
                    key: [unclosed
                    """));

    assertThat(result.documents()).extracting(PolicyDocument::kind).containsExactly("AccessPolicy");
    assertThat(Fixtures.codes(result)).containsExactly("yaml_syntax");
  }
}
