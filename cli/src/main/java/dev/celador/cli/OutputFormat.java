package dev.celador.cli;

/** How a command prints its result on stdout. */
public enum OutputFormat {
  /** For people. */
  TEXT,
  /** Pretty-printed JSON with a stable field order, for tools and golden files. */
  JSON,
  /** The JSON document as block YAML, same fields in the same order. */
  YAML,
  /** JUnit XML for CI test reports ({@code apply} only). */
  JUNIT,
  /** A SARIF 2.1.0 log for code scanning ({@code apply} only). */
  SARIF
}
