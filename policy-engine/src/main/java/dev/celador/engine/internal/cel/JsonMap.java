package dev.celador.engine.internal.cel;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelValue;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object already converted to CEL values, marked as a {@link CelValue} so cel-java's runtime
 * takes it as is. A plain {@code Map} is walked in full by cel-java's value converter every time an
 * expression reads it (and again for every field selected from it), which made twenty policies on
 * one Deployment cost milliseconds; this map is converted once per request and then only read.
 * Read-only; behaves as a {@code Map<String, Object>} everywhere else.
 */
@Immutable
@SuppressWarnings("Immutable") // wraps an unmodifiable map built once from parsed JSON
final class JsonMap extends CelValue implements Map<String, Object> {

  private static final CelType TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);

  private final Map<String, Object> fields;

  JsonMap(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public boolean isZeroValue() {
    return fields.isEmpty();
  }

  @Override
  public CelType celType() {
    return TYPE;
  }

  @Override
  public int size() {
    return fields.size();
  }

  @Override
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return fields.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return fields.containsValue(value);
  }

  @Override
  public Object get(Object key) {
    return fields.get(key);
  }

  @Override
  public Object put(String key, Object value) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Object remove(Object key) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void putAll(Map<? extends String, ?> m) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Set<String> keySet() {
    return fields.keySet();
  }

  @Override
  public Collection<Object> values() {
    return fields.values();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return fields.entrySet();
  }

  @Override
  public boolean equals(Object other) {
    return fields.equals(other);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
