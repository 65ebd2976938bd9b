package dev.celador.extauthz.grpc;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One request's headers as {@link CheckRequestDecoder} reads them: a map built once and read a few
 * times. A request has a few dozen headers at most, which two arrays hold with less work than a
 * hash table (no node per header, no hashing of fresh key strings); past {@link #ARRAY_MAX} it
 * moves them into a {@link LinkedHashMap}, so ten thousand headers cost no more than they did.
 * Keeps insertion order; a repeated name replaces the value in place, as protobuf's maps do. Not
 * thread-safe; filled before it is shared, then only read.
 */
final class DecodedHeaders extends AbstractMap<String, String> {

  static final int ARRAY_MAX = 32;

  private String[] keys = new String[16];
  private String[] values = new String[16];
  private int size;
  private Map<String, String> large;

  @Override
  public String put(String key, String value) {
    if (large != null) {
      return large.put(key, value);
    }
    int at = indexOf(key);
    if (at >= 0) {
      String old = values[at];
      values[at] = value;
      return old;
    }
    if (size == ARRAY_MAX) {
      large = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        large.put(keys[i], values[i]);
      }
      keys = null;
      values = null;
      return large.put(key, value);
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    values[size++] = value;
    return null;
  }

  @Override
  public String get(Object key) {
    if (large != null) {
      return large.get(key);
    }
    int at = indexOf(key);
    return at < 0 ? null : values[at];
  }

  @Override
  public boolean containsKey(Object key) {
    return large != null ? large.containsKey(key) : indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return large != null ? large.size() : size;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return large != null ? large.entrySet() : new Entries();
  }

  private int indexOf(Object key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** The array entries, read-only. */
  private final class Entries extends AbstractSet<Entry<String, String>> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<Entry<String, String>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Entry<String, String> next() {
          if (next >= size) {
            throw new NoSuchElementException();
          }
          int i = next++;
          return new SimpleImmutableEntry<>(keys[i], values[i]);
        }
      };
    }
  }
}
