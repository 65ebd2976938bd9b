package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.cel.k8s.AuthzAttributes;
import dev.celador.engine.internal.cel.k8s.AuthzDecision;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How review answers map to decisions, and that an unreachable API server fails closed. Answers
 * from a real API server are checked against RBAC in conformance-tests' SubjectAccessReviewIT.
 */
class SubjectAccessReviewAuthorizerTest {

  private static SubjectAccessReviewStatus status(Boolean allowed, Boolean denied, String reason) {
    SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
    status.setAllowed(allowed);
    status.setDenied(denied);
    status.setReason(reason);
    return status;
  }

  @Test
  void toDecision_answers_mapAsKubeApiserverReadsThem() {
    assertThat(SubjectAccessReviewAuthorizer.toDecision(status(true, null, "rbac")))
        .isEqualTo(new AuthzDecision(AuthzDecision.Verdict.ALLOW, "rbac", ""));
    assertThat(SubjectAccessReviewAuthorizer.toDecision(status(false, true, "no")))
        .isEqualTo(new AuthzDecision(AuthzDecision.Verdict.DENY, "no", ""));
    assertThat(SubjectAccessReviewAuthorizer.toDecision(status(false, false, "")))
        .isEqualTo(AuthzDecision.noOpinion());
    assertThat(SubjectAccessReviewAuthorizer.toDecision(status(true, true, "")).verdict())
        .isEqualTo(AuthzDecision.Verdict.DENY);
    assertThat(SubjectAccessReviewAuthorizer.toDecision(null).verdict())
        .isEqualTo(AuthzDecision.Verdict.NO_OPINION);
  }

  @Test
  void authorize_apiServerUnreachable_noOpinionWithError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var config =
        new ConfigBuilder()
            .withMasterUrl("https://127.0.0.1:" + closedPort)
            .withRequestTimeout(2_000)
            .withConnectionTimeout(2_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      var authorizer = new SubjectAccessReviewAuthorizer(client);
      var attributes =
          new AuthzAttributes(
              "alice", List.of("dev"), "get", "", "", "secrets", "", "ns", "", "", "");

      AuthzDecision decision = authorizer.authorize(attributes);

      assertThat(decision.verdict()).isEqualTo(AuthzDecision.Verdict.NO_OPINION);
      assertThat(decision.toString()).isEqualTo("NO_OPINION");
      assertThat(decision)
          .isNotEqualTo(AuthzDecision.noOpinion())
          .describedAs("an error is recorded in the decision, so errored() is true");
    }
  }
}
