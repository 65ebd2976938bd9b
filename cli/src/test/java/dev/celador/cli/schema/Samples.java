package dev.celador.cli.schema;

/** A small valid policy and its suite, for tests that need a user's good files. */
public final class Samples {

  /** An AccessPolicy in namespace shop, one rule on line 7. */
  public static final String POLICY =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: orders, namespace: shop}
      spec:
        action: ALLOW
        rules:
          - name: reads
            when: request.method == "GET"
        denyResponse: {status: 403, message: orders are read-only}
      """;

  /** A suite for {@link #POLICY} (as orders.yaml); its one case starts on line 7. */
  public static final String SUITE =
      """
      apiVersion: celador.dev/v1alpha1
      kind: PolicyTest
      metadata: {name: orders}
      spec:
        policies: [orders.yaml]
        cases:
          - name: reads
            input:
              destination: {namespace: shop, serviceAccount: orders}
              request: {method: GET, path: /api/orders}
            expect: {allowed: true, status: 200}
      """;

  private Samples() {}
}
