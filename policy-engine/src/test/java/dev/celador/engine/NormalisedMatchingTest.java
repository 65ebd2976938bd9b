package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.SourceFile;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hosts and paths are matched as an upstream resolves them: the requests that got past DENY
 * policies or into an ALLOW prefix by a trailing dot, dot segments or encoded slashes.
 */
class NormalisedMatchingTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: deny-lab}
      spec:
        target: {hosts: [deny.lab, "*.wild.lab"]}
        action: DENY
        rules: [{name: all, when: "true"}]
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: orders-only}
      spec:
        target: {hosts: [orders.lab]}
        action: ALLOW
        rules: [{name: orders, when: request.url_path.startsWith("/api/orders")}]
      """;

  private static PolicyEngine engine;

  @BeforeAll
  static void load() {
    engine = PolicyEngine.create(Policies.CLOCK);
    LoadResult result = engine.reloadSources(List.of(new SourceFile("p.yaml", POLICIES)));
    assertThat(result.render()).isEmpty();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  private static Decision decide(String host, String path) {
    return engine.evaluate(Policies.toHost("GET", host, path), false);
  }

  @ParameterizedTest
  @CsvSource({"deny.lab.", "DENY.lab:80", "a.wild.lab.", "A.Wild.Lab.:443"})
  void evaluate_denyHostWithTrailingDotCaseOrPort_isDenied(String host) {
    Decision d = decide(host, "/");

    assertThat(d.allowed()).isFalse();
    assertThat(d.policy()).isEqualTo("deny-lab");
  }

  @ParameterizedTest
  @CsvSource({
    "/api/orders/../../admin/delete-all",
    "/api/orders/%2e%2e/%2e%2e/admin",
    "/api/orders%2F..%2F..%2Fadmin",
    "/api/orders%5C..%5C..%5Cadmin",
  })
  void evaluate_pathClimbingOutOfAllowedPrefix_isDenied(String path) {
    Decision d = decide("orders.lab", path);

    assertThat(d.allowed()).isFalse();
    assertThat(d.policy()).isEqualTo("orders-only");
  }

  @ParameterizedTest
  @CsvSource({"/api/orders/7", "/api//orders/7", "/admin/../api/orders/7?x=/..", "/api/%6Frders"})
  void evaluate_pathNormalisingIntoAllowedPrefix_isAllowed(String path) {
    assertThat(decide("orders.lab", path).allowed()).isTrue();
  }
}
