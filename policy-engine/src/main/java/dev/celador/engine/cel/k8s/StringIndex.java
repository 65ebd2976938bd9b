package dev.celador.engine.cel.k8s;

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

  private static boolean matchesAt(int[] t, int[] s, int at) {
    for (int j = 0; j < s.length; j++) {
      if (t[at + j] != s[j]) {
        return false;
      }
    }
    return true;
  }
}
