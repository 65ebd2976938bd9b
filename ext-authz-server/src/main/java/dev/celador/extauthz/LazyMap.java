package dev.celador.extauthz;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A read-only map computed on first access, so request parts no policy reads (the raw request as
 * {@code object}, filter metadata) cost nothing. Not thread-safe: one per request.
 */
public final class LazyMap extends AbstractMap<String, Object> {

  private Supplier<Map<String, Object>> supplier;
  private Map<String, Object> value;

  public LazyMap(Supplier<Map<String, Object>> supplier) {
    this.supplier = supplier;
  }

  private Map<String, Object> value() {
    if (value == null) {
      value = supplier.get();
      supplier = null;
    }
    return value;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return value().entrySet();
  }

  @Override
  public Object get(Object key) {
    return value().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return value().containsKey(key);
  }

  @Override
  public int size() {
    return value().size();
  }
}
