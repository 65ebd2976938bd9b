package dev.celador.conformance;

import static dev.celador.conformance.Checks.request;
import static dev.celador.conformance.cluster.CeladorYaml.accessPolicy;
import static dev.celador.conformance.cluster.Fixtures.ACCESS_POLICY;
import static dev.celador.conformance.cluster.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.celador.conformance.cluster.CeladorCrds;
import dev.celador.conformance.cluster.Fixtures;
import dev.celador.conformance.kube.KubeCluster;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code celador serve} with {@code celador.policies.source=cluster} against a real
 * kube-apiserver: decisions follow AccessPolicy custom resources, a broken one is left out with its
 * last good version kept (the reason in /readyz, the log and the metrics), and a JwtAuthentication
 * naming a file on the server's pod is refused.
 */
class ServeClusterIT {

  private static final ResourceDefinitionContext JWT_AUTHENTICATION =
      Fixtures.celador("JwtAuthentication", "jwtauthentications", true);

  @TempDir Path work;

  private static String jwtAuthentication(String ns, String host, String keySource) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: tokens, namespace: %s}
        spec:
          target: {hosts: [%s]}
          audiences: [orders]
          algorithms: [ES256]
          required: true
          issuers:
            - issuer: https://issuer.serve-cluster.test
              %s
        """
        .formatted(ns, host, keySource);
  }

  @Test
  void serveFromCluster_crUpdatedBrokenAndFileKeySource_decisionsFollowLastGoodVersionKept()
      throws Exception {
    KubeCluster kube = KubeCluster.get();
    KubernetesClient admin = kube.client();
    CeladorCrds.install(admin);
    String ns = Fixtures.namespace(admin);
    // A policy of namespace ns may only name ns's services (docs/serve.md#tenancy).
    String host = "api." + ns + ".svc.cluster.local";
    Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(ns, host, "request.method == \"GET\""));

    try (CeladorProcess celador =
        CeladorProcess.startReady(
            null,
            work,
            "celador.policies.source=cluster",
            "celador.kubeconfig=" + kube.kubeconfig(),
            // Other tests leave policies in their own namespaces of the shared cluster.
            "celador.cluster.namespaces=" + ns,
            "celador.warmup.duration=200ms")) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
      try {
        var authz = AuthorizationGrpc.newBlockingStub(channel);
        assertThat(code(authz, host, "GET")).isEqualTo(Code.OK_VALUE);
        assertThat(code(authz, host, "POST")).isEqualTo(Code.PERMISSION_DENIED_VALUE);

        // An update of the CR changes the decision.
        Fixtures.apply(
            admin, ACCESS_POLICY, accessPolicy(ns, host, "request.method in [\"GET\", \"POST\"]"));
        assertThat(eventually(() -> code(authz, host, "POST") == Code.OK_VALUE)).isTrue();

        // A CR that does not compile is left out, its last good version kept, and says why.
        Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(ns, host, "request.nope == 1"));
        assertThat(eventually(() -> readyz(celador).contains("\"leftOut\":["))).isTrue();
        assertThat(readyz(celador))
            .contains("\"ready\":true")
            .contains(
                "celador.dev/v1alpha1/AccessPolicy/"
                    + ns
                    + "/methods: field spec.rules[0].when: error[");
        assertThat(code(authz, host, "POST"))
            .as("its last good version decides")
            .isEqualTo(Code.OK_VALUE);
        assertThat(code(authz, host, "DELETE")).isEqualTo(Code.PERMISSION_DENIED_VALUE);
        assertThat(celador.log())
            .contains("custom resources left out; each keeps its last good version")
            .contains("AccessPolicy/" + ns + "/methods: field spec.rules[0].when");
        assertThat(celador.get("/metrics").body()).contains("celador_policy_objects_left_out 1.0");

        // Repaired: the new version serves and /readyz is clean again.
        Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(ns, host, "request.method == \"GET\""));
        assertThat(eventually(() -> code(authz, host, "POST") == Code.PERMISSION_DENIED_VALUE))
            .isTrue();
        assertThat(eventually(() -> !readyz(celador).contains("leftOut"))).isTrue();
        assertThat(readyz(celador)).contains("\"lastReload\":{\"ok\":true}");
        assertThat(celador.get("/metrics").body()).contains("celador_policy_objects_left_out 0.0");

        // A JWKS the server could read from its own disk is refused, naming object and field.
        Path jwks = work.resolve("jwks.json");
        String keys =
            new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK())
                .toString();
        Files.writeString(jwks, keys);
        Fixtures.apply(admin, JWT_AUTHENTICATION, jwtAuthentication(ns, host, "jwksFile: " + jwks));
        assertThat(eventually(() -> readyz(celador).contains("forbidden_key_source"))).isTrue();
        String refusal =
            "celador.dev/v1alpha1/JwtAuthentication/"
                + ns
                + "/tokens: field spec.issuers[0].jwksFile: error[forbidden_key_source]";
        assertThat(readyz(celador)).contains(refusal);
        assertThat(celador.log()).contains(refusal);
        assertThat(code(authz, host, "GET"))
            .as("the refused JwtAuthentication (required: true) is not active")
            .isEqualTo(Code.OK_VALUE);

        // Control: the same keys inline are accepted, and then a token is required.
        Fixtures.apply(
            admin, JWT_AUTHENTICATION, jwtAuthentication(ns, host, "jwks: '" + keys + "'"));
        assertThat(eventually(() -> code(authz, host, "GET") != Code.OK_VALUE)).isTrue();
        assertThat(readyz(celador)).contains("\"lastReload\":{\"ok\":true}");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static String readyz(CeladorProcess celador) {
    return celador.get("/readyz").body();
  }

  private static int code(
      AuthorizationGrpc.AuthorizationBlockingStub authz, String host, String method) {
    var check =
        request(method, host, "/")
            .destination("spiffe://cluster.local/ns/" + host.split("\\.")[1] + "/sa/api")
            .build();
    // The deadline starts after building the request: the first build loads Envoy's protos, which
    // on a busy machine took most of the two seconds before the call had started.
    return authz.withDeadlineAfter(5, TimeUnit.SECONDS).check(check).getStatus().getCode();
  }
}
