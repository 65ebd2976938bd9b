package dev.celador.engine.internal.admission;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.CelType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.StructValue;
import java.util.Map;
import java.util.Optional;

/**
 * A typed CEL struct over a map of field values, as kube-apiserver exposes a typed object it
 * marshalled to JSON: a field left out (an empty {@code omitempty} field) is absent, so reading it
 * is a "no such key" error and {@code has()} is false.
 */
@Immutable
final class MapStruct extends StructValue<String, Map<String, Object>> {

  @SuppressWarnings("Immutable") // built once per request, never changed
  private final Map<String, Object> fields;

  private final StructType type;

  MapStruct(StructType type, Map<String, Object> fields) {
    this.type = type;
    this.fields = fields;
  }

  @Override
  public Map<String, Object> value() {
    return fields;
  }

  @Override
  public boolean isZeroValue() {
    return fields.isEmpty();
  }

  @Override
  public CelType celType() {
    return type;
  }

  @Override
  public Object select(String field) {
    Object v = fields.get(field);
    if (v != null || fields.containsKey(field)) {
      return v == null ? dev.cel.common.values.NullValue.NULL_VALUE : v;
    }
    if (type.findField(field).isEmpty()) {
      throw new IllegalArgumentException("no such field: " + field);
    }
    throw new IllegalArgumentException("no such key: " + field);
  }

  @Override
  public Optional<Object> find(String field) {
    return fields.containsKey(field) ? Optional.of(select(field)) : Optional.empty();
  }
}
