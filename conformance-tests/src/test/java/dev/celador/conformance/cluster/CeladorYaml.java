package dev.celador.conformance.cluster;

import java.util.Map;
import java.util.stream.Collectors;

/** YAML of Celador's custom resources, in the shapes the cluster ITs apply. */
public final class CeladorYaml {

  /** A resource rule matching CREATEs of core ConfigMaps. */
  public static final String CONFIGMAP_CREATES =
      "{apiGroups: [\"\"], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}";

  /** A resource rule matching CREATEs of Deployments. */
  public static final String DEPLOYMENT_CREATES =
      "{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}";

  private CeladorYaml() {}

  /** AccessPolicy {@code methods} in {@code ns}: allows requests to {@code host} when CEL holds. */
  public static String accessPolicy(String ns, String host, String when) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: methods, namespace: %s}
        spec:
          target: {hosts: [%s]}
          action: ALLOW
          rules:
            - name: allowed-methods
              when: %s
        """
        .formatted(ns, host, quoted(when));
  }

  /**
   * ValidatingPolicy {@code name} with one validation of the requests {@code resourceRule} matches.
   *
   * @param paramKind a whole spec line ({@code paramKind: {...}}), or ""
   * @param message the validation's message line: {@link #message} or {@link #messageExpression}
   */
  public static String validatingPolicy(
      String name, String paramKind, String resourceRule, String expression, String message) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: ValidatingPolicy
        metadata: {name: %s}
        spec:
          %s
          matchConstraints:
            resourceRules:
              - %s
          validations:
            - expression: %s
              %s
        """
        .formatted(name, paramKind, resourceRule, quoted(expression), message);
  }

  public static String message(String text) {
    return "message: " + quoted(text);
  }

  public static String messageExpression(String cel) {
    return "messageExpression: " + quoted(cel);
  }

  /**
   * ValidatingPolicyBinding {@code name} of policy {@code name}, denying in the namespaces labelled
   * {@code namespaceLabels}.
   *
   * @param paramRef a whole spec line ({@code paramRef: {...}}), or ""
   */
  public static String validatingPolicyBinding(
      String name, String paramRef, Map<String, String> namespaceLabels) {
    String labels =
        namespaceLabels.entrySet().stream()
            .map(e -> e.getKey() + ": " + quoted(e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
    return """
        apiVersion: celador.dev/v1alpha1
        kind: ValidatingPolicyBinding
        metadata: {name: %s}
        spec:
          policyName: %s
          validationActions: [Deny]
          %s
          matchResources:
            namespaceSelector:
              matchLabels: %s
        """
        .formatted(name, name, paramRef, labels);
  }

  /** A single-quoted YAML scalar, so CEL's quotes and digit-only label values stay strings. */
  static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
