package dev.celador.verify;

import dev.celador.engine.api.SourceFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code PolicyTest} suite file, read and resolved: the policies it loads, the frozen clock and
 * its cases.
 *
 * <pre>
 * apiVersion: celador.dev/v1alpha1
 * kind: PolicyTest
 * metadata: {name: orders-rbac}
 * spec:
 *   policies: [orders-rbac.yaml, "shared/*.yaml"]   # paths or globs, relative to this file
 *   now: 2025-01-31T12:00:00Z                       # the clock, for requests without a time
 *   fixtures: testdata                              # where fixtures are looked up (default)
 *   keys: [{name: test-rsa, algorithm: RS256, issuer: https://login.example.com}]
 *   cases:
 *     - name: frontend reads an order
 *       input:                                      # compact request, or a fixture's name
 *         source: {namespace: web, serviceAccount: frontend}
 *         destination: {namespace: shop, serviceAccount: orders}
 *         request: {method: GET, path: /api/orders/42}
 *       expect: {allowed: true, policy: shop/orders-rbac, rule: frontend-reads}
 * </pre>
 *
 * @param name {@code metadata.name}; reporters name cases {@code name/case}
 * @param source the suite file's name and text
 * @param policies the policy files and directories to load, in the order written
 * @param now the frozen clock, if the suite sets one
 * @param pinnedJwks public JWKS (JSON) by issuer, from the suite's keys that name an issuer; see
 *     {@link TestKeys}
 */
public record PolicyTestSuite(
    String name,
    SourceFile source,
    List<Path> policies,
    Optional<Instant> now,
    Map<String, String> pinnedJwks,
    List<TestCase> cases) {

  public static final String API_VERSION = "celador.dev/v1alpha1";
  public static final String KIND = "PolicyTest";

  public PolicyTestSuite {
    policies = List.copyOf(policies);
    pinnedJwks = Map.copyOf(pinnedJwks);
    cases = List.copyOf(cases);
  }

  /** The suite file's name as the user gave it. */
  public String file() {
    return source.name();
  }
}
