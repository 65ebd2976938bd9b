package dev.celador.engine.api;

import java.util.AbstractMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Request headers whose keys are all lower-case, in a map that never changes (such as a protobuf
 * message's), so {@link HttpAttributes} keeps them as they are instead of copying them for every
 * request. Read-only.
 */
public final class LowerCaseHeaders extends AbstractMap<String, String> {

  private final Map<String, String> headers;

  private LowerCaseHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  /**
   * {@code unchanging} wrapped without a copy when every key is lower-case and no value is null;
   * otherwise {@code unchanging} itself, which {@link HttpAttributes} then normalizes and copies.
   *
   * @param unchanging a map nobody modifies, ever
   */
  public static Map<String, String> wrapIfLowerCase(Map<String, String> unchanging) {
    for (Map.Entry<String, String> e : unchanging.entrySet()) {
      if (!keptAsIs(e.getKey(), e.getValue())) {
        return unchanging;
      }
    }
    return new LowerCaseHeaders(unchanging);
  }

  /** True when a header needs no normalizing: a lower-case name with a value. */
  static boolean keptAsIs(String name, String value) {
    return value != null && name.equals(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String get(Object key) {
    return headers.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return headers.containsKey(key);
  }

  @Override
  public int size() {
    return headers.size();
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return headers.entrySet();
  }
}
