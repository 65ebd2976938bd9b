package dev.celador.engine.internal.cel.k8s;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import java.util.List;

/**
 * A semantic version (semver.org 2.0) as Kubernetes' {@code semver()} reads it: strict {@code
 * MAJOR.MINOR.PATCH[-pre][+build]}, or, when normalising, a leading {@code v}, missing minor and
 * patch, and leading zeros are forgiven. Build metadata does not take part in comparisons.
 */
@Immutable
final class Semver extends OpaqueValue implements Comparable<Semver> {

  private final long major;
  private final long minor;
  private final long patch;
  private final ImmutableList<String> pre;
  private final String text;

  private Semver(long major, long minor, long patch, List<String> pre, String text) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = ImmutableList.copyOf(pre);
    this.text = text;
  }

  public static Semver parse(String text, boolean normalize) {
    Object parsed = tryParse(normalize ? normalise(text) : text);
    if (parsed instanceof String problem) {
      throw KubeErrors.error(problem);
    }
    return (Semver) parsed;
  }

  static boolean isValid(String text, boolean normalize) {
    try {
      return tryParse(normalize ? normalise(text) : text) instanceof Semver;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String normalise(String text) {
    String s = text.startsWith("v") ? text.substring(1) : text;
    int cut = s.length();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '-' || s.charAt(i) == '+') {
        cut = i;
        break;
      }
    }
    String[] core = s.substring(0, cut).split("\\.", -1);
    if (core.length > 3) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      String part = i < core.length ? core[i] : "0";
      String stripped = part.replaceFirst("^0+(?=.)", "");
      out.append(i > 0 ? "." : "").append(stripped);
    }
    return out + s.substring(cut);
  }

  private static Object tryParse(String text) {
    String rest = text;
    String build = null;
    int plus = rest.indexOf('+');
    if (plus >= 0) {
      build = rest.substring(plus + 1);
      rest = rest.substring(0, plus);
    }
    String[] core = rest.split("\\.", 3);
    if (core.length != 3) {
      return "No Major.Minor.Patch elements found";
    }
    String patchPart = core[2];
    String prerelease = null;
    int dash = patchPart.indexOf('-');
    if (dash >= 0) {
      prerelease = patchPart.substring(dash + 1);
      patchPart = patchPart.substring(0, dash);
    }
    String[] names = {"major", "minor", "patch"};
    String[] numbers = {core[0], core[1], patchPart};
    long[] values = new long[3];
    for (int i = 0; i < 3; i++) {
      String n = numbers[i];
      if (n.isEmpty() || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return "Invalid character(s) found in " + names[i] + " number \"" + n + "\"";
      }
      if (n.length() > 1 && n.charAt(0) == '0') {
        String cap = Character.toUpperCase(names[i].charAt(0)) + names[i].substring(1);
        return cap + " number must not contain leading zeroes \"" + n + "\"";
      }
      try {
        values[i] = Long.parseLong(n);
      } catch (NumberFormatException e) {
        return "Invalid character(s) found in " + names[i] + " number \"" + n + "\"";
      }
    }
    List<String> pre = List.of();
    if (prerelease != null) {
      pre = List.of(prerelease.split("\\.", -1));
      for (String id : pre) {
        if (id.isEmpty()) {
          return "Prerelease is empty";
        }
        if (!id.matches("[0-9A-Za-z-]+")) {
          return "Invalid character(s) found in prerelease \"" + id + "\"";
        }
        if (id.matches("[0-9]+") && id.length() > 1 && id.charAt(0) == '0') {
          return "Numeric PreRelease version must not contain leading zeroes \"" + id + "\"";
        }
      }
    }
    if (build != null) {
      for (String id : build.split("\\.", -1)) {
        if (id.isEmpty()) {
          return "Build meta data is empty";
        }
        if (!id.matches("[0-9A-Za-z-]+")) {
          return "Invalid character(s) found in build meta data \"" + id + "\"";
        }
      }
    }
    return new Semver(values[0], values[1], values[2], pre, text);
  }

  long major() {
    return major;
  }

  long minor() {
    return minor;
  }

  long patch() {
    return patch;
  }

  @Override
  public int compareTo(Semver o) {
    int c = Long.compare(major, o.major);
    if (c == 0) {
      c = Long.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, o.patch);
    }
    if (c != 0) {
      return c;
    }
    if (pre.isEmpty() || o.pre.isEmpty()) {
      return Boolean.compare(pre.isEmpty(), o.pre.isEmpty());
    }
    for (int i = 0; i < Math.min(pre.size(), o.pre.size()); i++) {
      c = compareIdentifier(pre.get(i), o.pre.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pre.size(), o.pre.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean an = a.matches("[0-9]+");
    boolean bn = b.matches("[0-9]+");
    if (an && bn) {
      return a.length() != b.length()
          ? Integer.compare(a.length(), b.length())
          : Integer.signum(a.compareTo(b));
    }
    if (an != bn) {
      return an ? -1 : 1;
    }
    return Integer.signum(a.compareTo(b));
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return KubeTypes.SEMVER;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Semver s && compareTo(s) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(major, minor, patch, pre);
  }

  @Override
  public String toString() {
    return text;
  }
}
