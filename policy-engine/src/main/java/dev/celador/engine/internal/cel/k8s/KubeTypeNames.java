package dev.celador.engine.internal.cel.k8s;

/** CEL type names of runtime values, as cel-go prints them in messages. */
public final class KubeTypeNames {

  private KubeTypeNames() {}

  public static String of(Object value) {
    if (value instanceof dev.cel.common.values.OpaqueValue o) {
      return o.celType().name();
    }
    return StringFormatter.typeName(value);
  }
}
