package dev.celador.engine.internal.cel;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.CelType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.StructValue;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A CEL struct whose fields are computed on demand from a Java record, so an evaluation only pays
 * for the fields its expressions read (no up-front conversion of the whole request into maps).
 */
@Immutable
abstract class FieldStruct<V> extends StructValue<String, V> {

  @SuppressWarnings("Immutable") // records of the engine are immutable
  private final V value;

  private final StructType type;

  FieldStruct(V value, StructType type) {
    this.value = value;
    this.type = type;
  }

  /** The field's CEL value, or null if the struct has no such field. */
  abstract Object field(String name);

  @Override
  public final V value() {
    return value;
  }

  @Override
  public final boolean isZeroValue() {
    return false;
  }

  @Override
  public final CelType celType() {
    return type;
  }

  @Override
  public final Object select(String fieldName) {
    Object result = field(fieldName);
    if (result == null) {
      throw new IllegalArgumentException("no such field: " + fieldName);
    }
    return result;
  }

  /** Presence as {@code has()} sees it: the field exists and is not its zero value. */
  @Override
  public final Optional<Object> find(String fieldName) {
    Object result = field(fieldName);
    return result == null || isZero(result) ? Optional.empty() : Optional.of(result);
  }

  private static boolean isZero(Object v) {
    return (v instanceof String s && s.isEmpty())
        || (v instanceof Long l && l == 0L)
        || (v instanceof Boolean b && !b)
        || (v instanceof Map<?, ?> m && m.isEmpty())
        || (v instanceof Collection<?> c && c.isEmpty());
  }
}
