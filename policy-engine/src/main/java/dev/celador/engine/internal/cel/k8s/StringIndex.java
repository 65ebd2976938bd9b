package dev.celador.engine.internal.cel.k8s;

/**
 * {@code indexOf} and {@code lastIndexOf} on strings, counting code points as CEL does. They live
 * here because the Kubernetes environment binds one {@code indexOf} for strings and lists alike.
 */
final class StringIndex {

  private StringIndex() {}

  static long indexOf(String text, String sub, long offset) {
    int[] t = text.codePoints().toArray();
    int[] s = sub.codePoints().toArray();
    if (offset < 0 || offset > t.length) {
      throw KubeErrors.error("index out of range: " + offset);
    }
    for (int i = (int) offset; i + s.length <= t.length; i++) {
      if (matchesAt(t, s, i)) {
        return i;
      }
    }
    return -1;
  }

  static long lastIndexOf(String text, String sub, Long offset) {
    int[] t = text.codePoints().toArray();
    int[] s = sub.codePoints().toArray();
    long start = offset == null ? t.length : offset;
    if (start < 0 || start > t.length) {
      throw KubeErrors.error("index out of range: " + start);
    }
    for (int i = (int) Math.min(start, t.length - s.length); i >= 0; i--) {
      if (matchesAt(t, s, i)) {
        return i;
      }
    }
    return -1;
  }

  /** cel-go's charAt: the code point at {@code index}, empty at the end, else out of range. */
  static String charAt(String text, long index) {
    int[] t = text.codePoints().toArray();
    if (index < 0 || index > t.length) {
      throw KubeErrors.error("index out of range: " + index);
    }
    return index == t.length ? "" : new String(t, (int) index, 1);
  }

  /** cel-go's substring, with its checks in its order and its messages. */
  static String substring(String text, long start, Long end) {
    int[] t = text.codePoints().toArray();
    long last = end == null ? t.length : end;
    if (end != null && start > last) {
      throw KubeErrors.error("invalid substring range. start: " + start + ", end: " + last);
    }
    if (start < 0 || start > t.length) {
      throw KubeErrors.error("index out of range: " + start);
    }
    if (last < 0 || last > t.length) {
      throw KubeErrors.error("index out of range: " + last);
    }
    return new String(t, (int) start, (int) (last - start));
  }

  private static boolean matchesAt(int[] t, int[] s, int at) {
    for (int j = 0; j < s.length; j++) {
      if (t[at + j] != s[j]) {
        return false;
      }
    }
    return true;
  }
}
