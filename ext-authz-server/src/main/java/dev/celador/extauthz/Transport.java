package dev.celador.extauthz;

/** How a request reached Celador; a low-cardinality metric label. */
public enum Transport {
  GRPC("grpc"),
  HTTP("http");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
