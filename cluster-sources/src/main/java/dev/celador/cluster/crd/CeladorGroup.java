package dev.celador.cluster.crd;

/** The API group and version of every Celador custom resource. */
public final class CeladorGroup {

  public static final String NAME = "celador.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = NAME + "/" + VERSION;

  private CeladorGroup() {}
}
