package dev.celador.engine.internal.model;

/** What a runtime error in a policy's expression means for the request. */
public enum FailurePolicy {
  /** Deny the request (fail closed). The default. */
  FAIL("Fail"),
  /** Treat the failing rule as not matching. */
  IGNORE("Ignore");

  private final String yamlName;

  FailurePolicy(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The spelling used in YAML, as Kubernetes spells it. */
  public String yamlName() {
    return yamlName;
  }
}
