package dev.celador.engine;

import static dev.celador.engine.Policies.spiffe;
import static dev.celador.engine.internal.jwt.TestTokens.NOW;
import static dev.celador.engine.internal.jwt.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.api.Peer;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.jwt.TestTokens;
import dev.celador.engine.internal.parse.Tenancy;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Namespace confinement: a policy in a tenant namespace governs only that namespace's workloads,
 * and every attempt to reach beyond it is a load error at the offending value.
 */
class TenancyTest {

  private static final String SHOP_HOST = "orders.shop.svc.cluster.local";
  private static final RSAKey TENANT_KEY = TestTokens.rsa("tenant-a");

  private final PolicyEngine engine = PolicyEngine.create(Policies.CLOCK);

  @AfterEach
  void close() {
    engine.close();
  }

  private static List<String> errors(LoadResult result) {
    return result.diagnostics().stream()
        .filter(Diagnostic::isError)
        .map(Diagnostic::headline)
        .toList();
  }

  private LoadResult load(String yaml) {
    return engine.reloadSources(List.of(new SourceFile("p.yaml", yaml)));
  }

  private static AuthzRequest request(
      String destination, String host, String method, Map<String, String> headers) {
    return AuthzRequest.builder()
        .source(new Peer("10.0.0.1", 40000, spiffe("web", "frontend")))
        .destination(new Peer("10.0.0.2", 8080, destination))
        .request(
            HttpAttributes.builder()
                .method(method)
                .path("/api/orders")
                .host(host)
                .scheme("https")
                .protocol("HTTP/1.1")
                .headers(headers)
                .id("id")
                .build())
        .mtls(true)
        .build();
  }

  @Test
  void load_tenantJwtAuthenticationClaimingAnotherTeamsHost_isErrorAtTheHost() {
    // The issuer-injection demonstration: tenant-a's own key trusted for shop's host.
    LoadResult result =
        load(
            """
            apiVersion: celador.dev/v1alpha1
            kind: JwtAuthentication
            metadata: {name: evil-idp, namespace: tenant-a}
            spec:
              target:
                hosts: [orders.shop.svc.cluster.local]
              issuers:
                - issuer: https://evil.example
                  jwks: '%s'
              audiences: ["*"]
              forwardClaims:
                - {claim: sub, header: x-user-id}
            """
                .formatted(TestTokens.jwks(TENANT_KEY)));

    assertThat(result.hasErrors()).isTrue();
    assertThat(errors(result))
        .containsExactly(
            "p.yaml:6:13: error[outside_namespace]: spec.target.hosts[0]: host"
                + " 'orders.shop.svc.cluster.local' is not a service of namespace tenant-a; a"
                + " policy in namespace tenant-a applies only to workloads in tenant-a, and a host"
                + " outside it (another team's service or an external name) belongs in the root"
                + " namespace celador-system");
  }

  @Test
  void load_tenantAllowTargetingAnotherNamespaceWithHeaders_isErrorAtTheNamespace() {
    // The header-override demonstration: a tenant-a ALLOW for shop setting an admin caller.
    LoadResult result =
        load(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: let-me-in, namespace: tenant-a}
            spec:
              target: {namespaces: [tenant-a, shop]}
              action: ALLOW
              rules: [{name: all, when: "true"}]
              allowResponse:
                headers: {x-celador-caller: '"spiffe://cluster.local/ns/ops/sa/admin"'}
            """);

    assertThat(errors(result))
        .singleElement()
        .asString()
        .startsWith(
            "p.yaml:5:35: error[outside_namespace]: spec.target.namespaces[1]: namespace 'shop'"
                + " is not the policy's own;");
  }

  @Test
  void load_tenantDenyAllAcrossNamespacesAndPrincipals_isErrorAtEachValue() {
    LoadResult result =
        load(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: deny-all, namespace: tenant-a}
            spec:
              target:
                namespaces: [billing]
                principals: ["spiffe://cluster.local/ns/shop/sa/orders"]
              action: DENY
              rules: [{name: all, when: "true"}]
            """);

    assertThat(errors(result))
        .extracting(h -> h.substring(0, h.indexOf(": error")))
        .containsExactly("p.yaml:6:18", "p.yaml:7:18");
  }

  @Test
  void load_tenantThrottleAllOverEveryServiceHost_isErrorAtTheHost() {
    LoadResult result =
        load(
            """
            apiVersion: celador.dev/v1alpha1
            kind: RateLimitPolicy
            metadata: {name: throttle-all, namespace: tenant-a}
            spec:
              target: {hosts: ["*.svc.cluster.local"]}
              limits:
                - name: one
                  key: "'all'"
                  rate: {requests: 1, period: 1h}
            """);

    assertThat(errors(result))
        .singleElement()
        .asString()
        .startsWith(
            "p.yaml:5:20: error[outside_namespace]: spec.target.hosts[0]: host"
                + " '*.svc.cluster.local' is not a service of namespace tenant-a;");
  }

  @Test
  void evaluate_tenantPolicyWithoutTarget_governsOnlyItsNamespace() {
    LoadResult result =
        load(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: deny-all, namespace: tenant-a}
            spec:
              action: DENY
              rules: [{name: all, when: "true"}]
            """);
    assertThat(errors(result)).isEmpty();

    Decision shop =
        engine.evaluate(request(spiffe("shop", "orders"), SHOP_HOST, "GET", Map.of()), false);
    Decision own =
        engine.evaluate(request(spiffe("tenant-a", "api"), "api.tenant-a", "GET", Map.of()), false);

    assertThat(shop.allowed()).isTrue();
    assertThat(own.allowed()).isFalse();
    assertThat(own.policy()).isEqualTo("tenant-a/deny-all");
  }

  @Test
  void evaluate_tenantHostTarget_selectsOnlyItsOwnWorkloadsWhateverTheHostHeader() {
    LoadResult result =
        load(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: allow-api, namespace: tenant-a}
            spec:
              target: {hosts: [api.tenant-a.svc.cluster.local, "*.tenant-a.svc", api.tenant-a]}
              action: ALLOW
              rules: [{name: all, when: "true"}]
              allowResponse:
                headers: {x-celador-caller: '"admin"'}
            """);
    assertThat(errors(result)).isEmpty();

    // A client sending tenant-a's host to a shop workload must not bring tenant-a's ALLOW along.
    Decision spoofed =
        engine.evaluate(
            request(spiffe("shop", "orders"), "api.tenant-a.svc.cluster.local", "GET", Map.of()),
            false);
    Decision own =
        engine.evaluate(
            request(spiffe("tenant-a", "api"), "api.tenant-a.svc.cluster.local", "GET", Map.of()),
            false);

    assertThat(spoofed.policy()).isEmpty();
    assertThat(spoofed.headers()).doesNotContainKey("x-celador-caller");
    assertThat(own.policy()).isEqualTo("tenant-a/allow-api");
  }

  @Test
  void evaluate_tenantIssuerWithoutTarget_isNotTrustedForAnotherNamespace() {
    String policies =
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: evil-idp, namespace: tenant-a}
        spec:
          issuers:
            - issuer: https://evil.example
              jwks: '%s'
          audiences: ["*"]
          forwardClaims:
            - {claim: sub, header: x-user-id}
        ---
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: signed-in, namespace: shop}
        spec:
          action: ALLOW
          rules: [{name: any-token, when: jwt.present}]
        """
            .formatted(TestTokens.jwks(TENANT_KEY));
    assertThat(errors(load(policies))).isEmpty();
    String root =
        token(
            TENANT_KEY,
            "RS256",
            "{\"iss\":\"https://evil.example\",\"sub\":\"root\",\"exp\":"
                + (NOW.getEpochSecond() + 600)
                + "}");

    Decision d =
        engine.evaluate(
            request(
                spiffe("shop", "orders"),
                SHOP_HOST,
                "GET",
                Map.of("authorization", "Bearer " + root)),
            false);

    assertThat(d.allowed()).isFalse();
    assertThat(d.headers()).doesNotContainKey("x-user-id");
  }

  @Test
  void evaluate_rootNamespaceAndNamespacelessPolicies_areMeshWide() {
    LoadResult result =
        load(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: no-trace, namespace: celador-system}
            spec:
              target: {hosts: [orders.shop.svc.cluster.local]}
              action: DENY
              rules: [{name: trace, when: "request.method == 'TRACE'"}]
            ---
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: no-purge}
            spec:
              action: DENY
              rules: [{name: purge, when: "request.method == 'PURGE'"}]
            """);
    assertThat(errors(result)).isEmpty();

    String orders = spiffe("shop", "orders");
    assertThat(engine.evaluate(request(orders, SHOP_HOST, "TRACE", Map.of()), false).policy())
        .isEqualTo("celador-system/no-trace");
    assertThat(engine.evaluate(request(orders, SHOP_HOST, "PURGE", Map.of()), false).policy())
        .isEqualTo("no-purge");
  }

  @Test
  void load_configuredRootNamespace_isMeshWideAndTheDefaultRootIsATenant() {
    try (PolicyEngine platform =
        PolicyEngine.create(
            Policies.CLOCK,
            JwksOptions.defaults(),
            RateLimitBackends.local(),
            new PolicyDefaults(new Tenancy("platform"), DefaultAction.ALLOW))) {
      String yaml =
          """
          apiVersion: celador.dev/v1alpha1
          kind: AccessPolicy
          metadata: {name: shop-rule, namespace: %s}
          spec:
            target: {namespaces: [shop]}
            action: DENY
            rules: [{name: all, when: "true"}]
          """;

      LoadResult platformRoot =
          platform.loadSources(List.of(new SourceFile("p.yaml", yaml.formatted("platform"))));
      LoadResult defaultRoot =
          platform.loadSources(List.of(new SourceFile("p.yaml", yaml.formatted("celador-system"))));

      assertThat(errors(platformRoot)).isEmpty();
      assertThat(errors(defaultRoot)).singleElement().asString().contains("outside_namespace");
    }
  }
}
