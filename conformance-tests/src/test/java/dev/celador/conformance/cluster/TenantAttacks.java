package dev.celador.conformance.cluster;

import static dev.celador.conformance.cluster.Fixtures.ACCESS_POLICY;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * Objects a tenant namespace might create to reach another team's workloads (issue 18's
 * demonstrations): an ALLOW for another team's host, a DENY of another namespace, an ALLOW setting
 * an admin caller header for another namespace, a rate limit over every service, and a JWT issuer
 * injected for another team's host. Each must be refused at {@link Attack#field}.
 */
public final class TenantAttacks {

  /** One object: its kind, name, YAML and the field Celador must name. */
  public record Attack(ResourceDefinitionContext type, String name, String yaml, String field) {}

  private TenantAttacks() {}

  /** The attacks from {@code tenant} on {@code victim}, with {@code labels} (a flow map or {}). */
  public static List<Attack> all(String tenant, String victim, String victimHost, String labels) {
    String meta = "metadata: {name: %s, namespace: " + tenant + ", labels: " + labels + "}";
    return List.of(
        new Attack(
            ACCESS_POLICY,
            "methods",
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            %s
            spec:
              target: {hosts: [%s]}
              action: ALLOW
              rules: [{name: all, when: 'true'}]
            """
                .formatted(meta.formatted("methods"), victimHost),
            "spec.target.hosts[0]"),
        new Attack(
            ACCESS_POLICY,
            "deny-all",
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            %s
            spec:
              target: {namespaces: [%s]}
              action: DENY
              rules: [{name: all, when: 'true'}]
            """
                .formatted(meta.formatted("deny-all"), victim),
            "spec.target.namespaces[0]"),
        new Attack(
            ACCESS_POLICY,
            "let-me-in",
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            %s
            spec:
              target: {namespaces: [%s, %s]}
              action: ALLOW
              rules: [{name: all, when: 'true'}]
              allowResponse:
                headers: {x-celador-caller: '"spiffe://cluster.local/ns/ops/sa/admin"'}
            """
                .formatted(meta.formatted("let-me-in"), tenant, victim),
            "spec.target.namespaces[1]"),
        new Attack(
            ClusterPolicySourceIT.RATE_LIMIT_POLICY,
            "throttle-all",
            """
            apiVersion: celador.dev/v1alpha1
            kind: RateLimitPolicy
            %s
            spec:
              target: {hosts: ["*.svc.cluster.local"]}
              limits:
                - {name: one, key: "'all'", rate: {requests: 1, period: 1h}}
            """
                .formatted(meta.formatted("throttle-all")),
            "spec.target.hosts[0]"),
        new Attack(
            ClusterPolicySourceIT.JWT_AUTHENTICATION,
            "evil-idp",
            """
            apiVersion: celador.dev/v1alpha1
            kind: JwtAuthentication
            %s
            spec:
              target: {hosts: [%s]}
              issuers: [{issuer: https://evil.example, jwksUri: https://evil.example/jwks}]
              audiences: ["*"]
              forwardClaims: [{claim: sub, header: x-user-id}]
            """
                .formatted(meta.formatted("evil-idp"), victimHost),
            "spec.target.hosts[0]"));
  }

  /** Creates every attack without labels (the API server accepts them: the schema cannot tell). */
  static void applyAll(KubernetesClient admin, String tenant, String victim, String victimHost) {
    all(tenant, victim, victimHost, "{}").forEach(a -> Fixtures.apply(admin, a.type(), a.yaml()));
  }

  static void deleteAll(KubernetesClient admin, String tenant) {
    for (Attack attack : all(tenant, "x", "x", "{}")) {
      admin
          .genericKubernetesResources(attack.type())
          .inNamespace(tenant)
          .withName(attack.name())
          .delete();
    }
  }
}
