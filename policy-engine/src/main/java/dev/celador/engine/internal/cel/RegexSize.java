package dev.celador.engine.internal.cel;

import dev.cel.common.exceptions.CelInvalidArgumentException;

/**
 * Estimates, in one pass over the pattern text and before anything is compiled, how large RE2's
 * program for a regular expression would be: every literal, class or assertion is one instruction,
 * a counted repetition {@code x{n,m}} copies its operand m times, and nested repetitions multiply.
 * RE2J expands counted repetitions while it compiles, so a 19-byte pattern such as {@code
 * (((a{100}){100}){100})} takes seconds to compile into a million instructions before its size can
 * be checked; a pattern taken from a request must be refused before that. The estimate is an upper
 * bound in spirit (it may count a few instructions more than RE2J), and RE2J's own size check still
 * runs after compiling.
 */
final class RegexSize {

  private RegexSize() {}

  /**
   * Throws when {@code pattern}'s estimated program is larger than {@code limit}, with cel-java's
   * wording of the same check.
   */
  public static void check(String pattern, int limit) {
    if (limit < 0) {
      return;
    }
    long size = estimate(pattern, limit);
    if (size > limit) {
      // A CEL runtime error, so cel-java does not print the (possibly long) arguments with it.
      throw new CelInvalidArgumentException(
          String.format(
              "Regex pattern exceeds allowed program size. Allowed: %d, Provided: more than %d",
              limit, limit));
    }
  }

  /** The estimated program size, or any number above {@code cap} once it is known to exceed it. */
  static long estimate(String pattern, long cap) {
    // One frame per open group: the finished alternatives, the current sequence, its last atom.
    long[] alternatives = new long[16];
    long[] sequence = new long[16];
    long[] last = new long[16];
    int depth = 0;
    int n = pattern.length();
    int i = 0;
    while (i < n) {
      char c = pattern.charAt(i);
      long atom = -1;
      switch (c) {
        case '\\' -> {
          int next = skipEscape(pattern, i);
          boolean quoted = i + 1 < n && pattern.charAt(i + 1) == 'Q';
          atom = quoted ? Math.max(1, next - i - 4) : 1; // \Q...\E: one per quoted character
          i = next;
        }
        case '[' -> {
          i = skipClass(pattern, i);
          atom = 1;
        }
        case '(' -> {
          int flags = flagGroupEnd(pattern, i);
          if (flags > 0) {
            i = flags; // (?i) changes flags only
            continue;
          }
          if (++depth == sequence.length) {
            alternatives = java.util.Arrays.copyOf(alternatives, depth * 2);
            sequence = java.util.Arrays.copyOf(sequence, depth * 2);
            last = java.util.Arrays.copyOf(last, depth * 2);
          }
          alternatives[depth] = 0;
          sequence[depth] = 0;
          last[depth] = 0;
          i = skipGroupPrefix(pattern, i + 1);
          continue;
        }
        case ')' -> {
          long group = alternatives[depth] + sequence[depth] + 2;
          if (depth > 0) {
            depth--;
          }
          atom = group;
          i++;
        }
        case '|' -> {
          alternatives[depth] += sequence[depth] + 1;
          sequence[depth] = 0;
          last[depth] = 0;
          i++;
        }
        case '*', '+', '?' -> {
          sequence[depth] += 1;
          i = skipLazy(pattern, i + 1);
        }
        case '{' -> {
          int end = pattern.indexOf('}', i);
          long count = end < 0 ? -1 : repeatCount(pattern, i + 1, end);
          if (count < 0) {
            atom = 1; // not a repetition: a literal brace
            i++;
          } else {
            long grown = saturatingMultiply(last[depth], count) + count;
            sequence[depth] = sequence[depth] - last[depth] + grown;
            last[depth] = grown;
            i = skipLazy(pattern, end + 1);
          }
        }
        default -> {
          atom = 1;
          i++;
        }
      }
      if (atom >= 0) {
        sequence[depth] += atom;
        last[depth] = atom;
      }
      if (sequence[depth] + alternatives[depth] > cap) {
        return cap + 1;
      }
    }
    long total = 0;
    for (int d = 0; d <= depth; d++) {
      total += alternatives[d] + sequence[d];
    }
    return total;
  }

  /** The largest copy count of {@code {n}}, {@code {n,}} or {@code {n,m}}, or -1 if not one. */
  private static long repeatCount(String p, int from, int to) {
    int comma = p.indexOf(',', from);
    if (comma < 0 || comma > to) {
      return number(p, from, to);
    }
    long min = number(p, from, comma);
    if (min < 0) {
      return -1;
    }
    if (comma + 1 == to) {
      return min + 1;
    }
    long max = number(p, comma + 1, to);
    return max < 0 ? -1 : Math.max(min, max);
  }

  private static long number(String p, int from, int to) {
    if (from >= to || to - from > 9) {
      return to - from > 9 ? Integer.MAX_VALUE : -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = p.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static long saturatingMultiply(long a, long b) {
    long r = a * b;
    return (a != 0 && (r / a != b || r < 0)) ? Long.MAX_VALUE / 4 : r;
  }

  private static int skipEscape(String p, int i) {
    int j = i + 1;
    if (j >= p.length()) {
      return j;
    }
    char e = p.charAt(j);
    if ((e == 'p' || e == 'P' || e == 'x') && j + 1 < p.length() && p.charAt(j + 1) == '{') {
      int end = p.indexOf('}', j);
      return end < 0 ? p.length() : end + 1;
    }
    if (e == 'Q') {
      int end = p.indexOf("\\E", j);
      return end < 0 ? p.length() : end + 2;
    }
    return j + 1;
  }

  private static int skipClass(String p, int i) {
    int j = i + 1;
    if (j < p.length() && p.charAt(j) == '^') {
      j++;
    }
    if (j < p.length() && p.charAt(j) == ']') {
      j++;
    }
    while (j < p.length()) {
      char c = p.charAt(j);
      if (c == '\\') {
        j = skipEscape(p, j);
      } else if (c == '[' && j + 1 < p.length() && p.charAt(j + 1) == ':') {
        int end = p.indexOf(":]", j + 2);
        j = end < 0 ? j + 1 : end + 2;
      } else if (c == ']') {
        return j + 1;
      } else {
        j++;
      }
    }
    return j;
  }

  /** The index after {@code (?flags)} when the group at {@code i} only sets flags, else -1. */
  private static int flagGroupEnd(String p, int i) {
    if (i + 1 >= p.length() || p.charAt(i + 1) != '?') {
      return -1;
    }
    for (int j = i + 2; j < p.length(); j++) {
      char c = p.charAt(j);
      if (c == ')') {
        return j + 1;
      }
      if (!Character.isLetter(c) && c != '-') {
        return -1;
      }
    }
    return -1;
  }

  private static int skipGroupPrefix(String p, int i) {
    if (i >= p.length() || p.charAt(i) != '?') {
      return i;
    }
    if (i + 1 < p.length() && p.charAt(i + 1) == 'P' && i + 2 < p.length()
        || i + 1 < p.length() && p.charAt(i + 1) == '<') {
      int end = p.indexOf('>', i);
      return end < 0 ? p.length() : end + 1;
    }
    int colon = p.indexOf(':', i);
    return colon < 0 ? p.length() : colon + 1;
  }

  private static int skipLazy(String p, int i) {
    return i < p.length() && p.charAt(i) == '?' ? i + 1 : i;
  }
}
