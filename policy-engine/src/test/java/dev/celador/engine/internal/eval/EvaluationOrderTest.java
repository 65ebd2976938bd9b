package dev.celador.engine.internal.eval;

import static dev.celador.engine.Policies.compileOrFail;
import static dev.celador.engine.Policies.policy;
import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.Action;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationOrderTest {

  private static final String FRONTEND = spiffe("web", "frontend");
  private static final String ORDERS = spiffe("shop", "orders");

  private final AccessPolicy allowReads =
      policy("allow-reads", Action.ALLOW)
          .rule("frontend-gets", "source.namespace == 'web' && request.method == 'GET'")
          .header("x-caller", "source.service_account")
          .build();
  private final AccessPolicy denyAdmin =
      policy("deny-admin", Action.DENY)
          .rule("admin-path", "request.url_path.startsWith('/admin')")
          .deny(403, "admin is off limits")
          .build();

  @Test
  void evaluate_denyMatches_deniesWhateverTheOrder() {
    for (var set :
        new CompiledPolicySet[] {
          compileOrFail(allowReads, denyAdmin), compileOrFail(denyAdmin, allowReads)
        }) {
      Decision d = set.evaluate(request(FRONTEND, ORDERS, "GET", "/admin/x", Map.of()), true);
      assertThat(d.allowed()).isFalse();
      assertThat(d.status()).isEqualTo(403);
      assertThat(d.policy()).isEqualTo("shop/deny-admin");
      assertThat(d.rule()).isEqualTo("admin-path");
      assertThat(d.reasons()).containsExactly("admin is off limits");
    }
  }

  @Test
  void evaluate_allowPolicyWithoutMatch_denies() {
    Decision d =
        compileOrFail(allowReads)
            .evaluate(request(FRONTEND, ORDERS, "POST", "/orders", Map.of()), true);
    assertThat(d.allowed()).isFalse();
    assertThat(d.policy()).isEqualTo("shop/allow-reads");
    assertThat(d.rule()).isEmpty();
    assertThat(d.trace())
        .extracting(TraceEntry::result)
        .containsExactly(TraceEntry.Result.NO_MATCH);
  }

  @Test
  void evaluate_allowMatch_setsHeadersAndStripsOthers() {
    AccessPolicy other =
        policy("other", Action.ALLOW)
            .hosts("elsewhere")
            .rule("any", "true")
            .header("x-tenant", "'t'")
            .build();
    Decision d =
        compileOrFail(allowReads, other)
            .evaluate(request(FRONTEND, ORDERS, "GET", "/orders", Map.of()), false);
    assertThat(d.allowed()).isTrue();
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.headers()).containsExactly(Map.entry("x-caller", "frontend"));
    assertThat(d.headersToRemove()).containsExactly("x-tenant");
  }

  @Test
  void evaluate_headerValueWithCrLf_dropsTheHeaderSaysWhyAndStillStripsIt() {
    AccessPolicy echo =
        policy("echo", Action.ALLOW)
            .rule("any", "true")
            .header("x-user", "request.headers['x-name']")
            .header("x-caller", "source.service_account")
            .build();
    Decision d =
        compileOrFail(echo)
            .evaluate(
                request(FRONTEND, ORDERS, "GET", "/", Map.of("x-name", "bob\r\nx-admin: true")),
                false);

    assertThat(d.allowed()).isTrue();
    assertThat(d.headers()).containsExactly(Map.entry("x-caller", "frontend"));
    assertThat(d.headersToRemove()).containsExactly("x-user");
    assertThat(d.reasons())
        .hasSize(2)
        .last()
        .isEqualTo("header x-user not sent: its value has the control character U+000D");
  }

  @Test
  void evaluate_headerValueWithNulOrDel_isDroppedButTabIsKept() {
    AccessPolicy echo =
        policy("echo", Action.ALLOW)
            .rule("any", "true")
            .header("x-nul", "'a\\x00b'")
            .header("x-del", "'a\\x7fb'")
            .header("x-tab", "'a\\tb'")
            .build();
    Decision d =
        compileOrFail(echo).evaluate(request(FRONTEND, ORDERS, "GET", "/", Map.of()), false);

    assertThat(d.headers()).containsExactly(Map.entry("x-tab", "a\tb"));
    assertThat(d.headersToRemove()).containsExactlyInAnyOrder("x-nul", "x-del");
  }

  @Test
  void evaluate_noPolicies_allowsByDefault() {
    Decision d = compileOrFail().evaluate(request(FRONTEND, ORDERS, "GET", "/", Map.of()), false);
    assertThat(d.allowed()).isTrue();
    assertThat(d.policy()).isEmpty();
  }

  @Test
  void evaluate_auditAndDryRun_neverChangeOutcomeButAreRecorded() {
    AccessPolicy audit = policy("audit-all", Action.AUDIT).rule("everything", "true").build();
    AccessPolicy dryDeny =
        policy("dry-deny", Action.DENY).dryRun().rule("gets", "request.method == 'GET'").build();
    Decision d =
        compileOrFail(allowReads, audit, dryDeny)
            .evaluate(request(FRONTEND, ORDERS, "GET", "/orders", Map.of()), true);
    assertThat(d.allowed()).isTrue();
    assertThat(d.policy()).isEqualTo("shop/allow-reads");
    assertThat(d.audits())
        .extracting(TraceEntry::policy)
        .containsExactly("shop/audit-all", "shop/dry-deny");
    assertThat(d.trace()).anySatisfy(e -> assertThat(e.dryRun()).isTrue());
  }

  @Test
  void evaluate_runtimeErrorUnderFail_deniesWithError() {
    AccessPolicy p =
        policy("needs-header", Action.ALLOW)
            .rule("tenant", "request.headers['x-tenant'] == 'a'")
            .build();
    Decision d = compileOrFail(p).evaluate(request(FRONTEND, ORDERS, "GET", "/", Map.of()), true);
    assertThat(d.allowed()).isFalse();
    assertThat(d.evaluationError()).isTrue();
    assertThat(d.reasons().get(0)).contains("x-tenant");
    assertThat(d.trace().get(0).result()).isEqualTo(TraceEntry.Result.ERROR);
  }

  @Test
  void evaluate_runtimeErrorUnderIgnore_ruleDoesNotMatch() {
    AccessPolicy p =
        policy("needs-header", Action.ALLOW)
            .ignoreFailures()
            .rule("tenant", "request.headers['x-tenant'] == 'a'")
            .rule("fallback", "request.method == 'GET'")
            .build();
    Decision d = compileOrFail(p).evaluate(request(FRONTEND, ORDERS, "GET", "/", Map.of()), true);
    assertThat(d.allowed()).isTrue();
    assertThat(d.rule()).isEqualTo("fallback");
    assertThat(d.evaluationError()).isFalse();
  }

  @Test
  void evaluate_policyForOtherTarget_isNotEvaluatedButTraced() {
    AccessPolicy elsewhere =
        policy("payments-only", Action.DENY)
            .principals(spiffe("pay", "payments"))
            .rule("all", "true")
            .build();
    Decision d =
        compileOrFail(elsewhere).evaluate(request(FRONTEND, ORDERS, "GET", "/", Map.of()), true);
    assertThat(d.allowed()).isTrue();
    assertThat(d.trace())
        .singleElement()
        .satisfies(e -> assertThat(e.result()).isEqualTo(TraceEntry.Result.NOT_SELECTED));
  }

  @Test
  void evaluate_typedVocabulary_readsEveryField() {
    AccessPolicy p =
        policy("fields", Action.ALLOW)
            .rule(
                "all",
                "request.path == '/a?b=1' && request.url_path == '/a' && request.query == 'b=1'"
                    + " && request.headers['x-k'] == 'v' && request.host == 'orders.shop'"
                    + " && source.port == 40000 && destination.namespace == 'shop'"
                    + " && connection.mtls && !jwt.present && request.time > timestamp('2020-01-01T00:00:00Z')"
                    + " && has(request.id) && !has(request.body)")
            .build();
    Decision d =
        compileOrFail(p)
            .evaluate(request(FRONTEND, ORDERS, "GET", "/a?b=1", Map.of("X-K", "v")), true);
    assertThat(d.trace()).first().satisfies(e -> assertThat(e.detail()).isEmpty());
    assertThat(d.allowed()).isTrue();
  }
}
