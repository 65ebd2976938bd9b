package dev.celador.engine.admission;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.StructValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A typed CEL struct over a map of field values; fields left out read as their zero value, as
 * fields of a Go struct do.
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
    if (v != null) {
      return v;
    }
    CelType fieldType =
        type.findField(field)
            .map(StructType.Field::type)
            .orElseThrow(() -> new IllegalArgumentException("no such field: " + field));
    return zero(fieldType);
  }

  @Override
  public Optional<Object> find(String field) {
    Object v = fields.get(field);
    if (v == null
        || (v instanceof String s && s.isEmpty())
        || (v instanceof Boolean b && !b)
        || (v instanceof List<?> l && l.isEmpty())
        || (v instanceof Map<?, ?> m && m.isEmpty())
        || (v instanceof MapStruct m && m.isZeroValue())) {
      return Optional.empty();
    }
    return Optional.of(v);
  }

  private static Object zero(CelType t) {
    if (t.equals(SimpleType.STRING)) {
      return "";
    }
    if (t.equals(SimpleType.BOOL)) {
      return false;
    }
    if (t instanceof ListType) {
      return List.of();
    }
    if (t instanceof MapType) {
      return Map.of();
    }
    if (t instanceof StructType s) {
      return new MapStruct(s, Map.of());
    }
    return dev.cel.common.values.NullValue.NULL_VALUE;
  }
}
