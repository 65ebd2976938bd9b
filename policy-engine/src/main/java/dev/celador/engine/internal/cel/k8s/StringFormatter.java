package dev.celador.engine.internal.cel.k8s;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code "...".format([args])} of cel-go's strings extension, which cel-java lacks: {@code %s},
 * {@code %d}, {@code %f} and {@code %.Nf}, {@code %e}, {@code %b}, {@code %o}, {@code %x}, {@code
 * %X} and {@code %%}, with cel-go's rendering of values for {@code %s}.
 */
final class StringFormatter {

  private StringFormatter() {}

  static String format(String template, List<?> args) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 >= template.length()) {
        throw KubeErrors.error(
            "could not parse formatting clause: unrecognized formatting clause \"\"");
      }
      if (template.charAt(i + 1) == '%') {
        out.append('%');
        i++;
        continue;
      }
      int precision = -1;
      int j = i + 1;
      if (template.charAt(j) == '.') {
        int start = ++j;
        while (j < template.length() && Character.isDigit(template.charAt(j))) {
          j++;
        }
        if (j == start || j >= template.length()) {
          throw KubeErrors.error("could not parse formatting clause: malformed precision");
        }
        precision = Integer.parseInt(template.substring(start, j));
      }
      char verb = template.charAt(j);
      if ("sdfeboxX".indexOf(verb) < 0) {
        throw KubeErrors.error(
            "could not parse formatting clause: unrecognized formatting clause \"" + verb + "\"");
      }
      if (next >= args.size()) {
        throw KubeErrors.error("index " + next + " out of range");
      }
      out.append(clause(verb, precision, args.get(next++)));
      i = j;
    }
    return out.toString();
  }

  private static String clause(char verb, int precision, Object arg) {
    switch (verb) {
      case 's':
        return render(arg, false);
      case 'd':
        if (arg instanceof Long || arg instanceof UnsignedLong) {
          return arg.toString();
        }
        throw typeError("decimal clause can only be used on integers", arg);
      case 'f':
        return fixed(arg, precision < 0 ? 6 : precision);
      case 'e':
        double d = toDouble(arg, "scientific clause can only be used on doubles");
        return superscriptExponent(
            String.format(Locale.ROOT, "%." + (precision < 0 ? 6 : precision) + "e", d));
      case 'b':
        return radix(arg, 2, "only integers and bools can be formatted as binary");
      case 'o':
        return radix(arg, 8, "octal clause can only be used on integers");
      case 'x':
        return hex(arg);
      default:
        return hex(arg).toUpperCase(Locale.ROOT);
    }
  }

  private static String fixed(Object arg, int precision) {
    double d = toDouble(arg, "fixed-point clause can only be used on doubles");
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return new BigDecimal(d).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Only doubles: cel-go refuses integers for %f and %e. */
  private static double toDouble(Object arg, String message) {
    if (arg instanceof Double d) {
      return d;
    }
    throw typeError(message, arg);
  }

  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  /** cel-go writes %e's exponent as "×10" and superscript digits: 1.5e+03 is 1.500000×10⁰³. */
  private static String superscriptExponent(String javaE) {
    int e = javaE.indexOf('e');
    if (e < 0) {
      return javaE;
    }
    StringBuilder out = new StringBuilder(javaE.substring(0, e)).append("×10");
    for (char c : javaE.substring(e + 1).toCharArray()) {
      if (c == '-') {
        out.append('⁻');
      } else if (c >= '0' && c <= '9') {
        out.append(SUPERSCRIPTS.charAt(c - '0'));
      }
    }
    return out.toString();
  }

  private static String radix(Object arg, int radix, String message) {
    if (arg instanceof Long l) {
      return Long.toString(l, radix);
    }
    if (arg instanceof UnsignedLong u) {
      return u.toString(radix);
    }
    if (radix == 2 && arg instanceof Boolean b) {
      return b ? "1" : "0";
    }
    throw typeError(message, arg);
  }

  private static String hex(Object arg) {
    if (arg instanceof Long l) {
      return Long.toString(l, 16);
    }
    if (arg instanceof UnsignedLong u) {
      return u.toString(16);
    }
    byte[] bytes;
    if (arg instanceof String s) {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    } else if (arg instanceof CelByteString b) {
      bytes = b.toByteArray();
    } else {
      throw typeError("only integers, byte buffers, and strings can be formatted as hex", arg);
    }
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b & 0xff));
    }
    return out.toString();
  }

  private static RuntimeException typeError(String message, Object arg) {
    return KubeErrors.error("error during formatting: " + message + ", was given " + typeName(arg));
  }

  static String typeName(Object v) {
    if (v == null) {
      return "null_type";
    } else if (v instanceof String) {
      return "string";
    } else if (v instanceof Long) {
      return "int";
    } else if (v instanceof UnsignedLong) {
      return "uint";
    } else if (v instanceof Double) {
      return "double";
    } else if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof CelByteString) {
      return "bytes";
    } else if (v instanceof Collection) {
      return "list";
    } else if (v instanceof Map) {
      return "map";
    } else if (v instanceof Instant) {
      return "google.protobuf.Timestamp";
    } else if (v instanceof Duration) {
      return "google.protobuf.Duration";
    }
    return v.getClass().getSimpleName();
  }

  /** A value as {@code %s} shows it; strings inside lists and maps are quoted. */
  static String render(Object v, boolean nested) {
    if (v == null || v instanceof dev.cel.common.values.NullValue) {
      return "null";
    }
    if (v instanceof String s) {
      return nested ? '"' + s + '"' : s;
    }
    if (v instanceof Double d) {
      return GoFloats.format(d);
    }
    if (v instanceof CelByteString b) {
      return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }
    if (v instanceof Instant t) {
      return DateTimeFormatter.ISO_INSTANT.format(t);
    }
    if (v instanceof Duration d) {
      return BigDecimal.valueOf(d.getSeconds())
              .add(BigDecimal.valueOf(d.getNano(), 9))
              .stripTrailingZeros()
              .toPlainString()
          + "s";
    }
    if (v instanceof Optional<?> o) {
      return o.map(x -> "optional(" + render(x, true) + ")").orElse("optional.none()");
    }
    if (v instanceof Collection<?> c) {
      List<String> parts = new ArrayList<>();
      for (Object item : c) {
        parts.add(render(item, true));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        parts.add(render(e.getKey(), true) + ":" + render(e.getValue(), true));
      }
      parts.sort(null);
      return "{" + String.join(", ", parts) + "}";
    }
    return v.toString();
  }
}
