package dev.celador.engine.internal.cel.k8s;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A Kubernetes resource quantity ({@code 100m}, {@code 1.5Gi}, {@code 2e3}) with Kubernetes'
 * parsing rules: a signed decimal number and an optional binary-SI, decimal-SI or exponent suffix.
 * Values are exact; amounts below one nano-unit round up, as Kubernetes rounds them.
 */
@Immutable
final class Quantity extends OpaqueValue implements Comparable<Quantity> {

  static final String FORMAT_ERROR =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("n", new BigDecimal("1e-9")),
          Map.entry("u", new BigDecimal("1e-6")),
          Map.entry("m", new BigDecimal("1e-3")),
          Map.entry("k", new BigDecimal("1e3")),
          Map.entry("M", new BigDecimal("1e6")),
          Map.entry("G", new BigDecimal("1e9")),
          Map.entry("T", new BigDecimal("1e12")),
          Map.entry("P", new BigDecimal("1e15")),
          Map.entry("E", new BigDecimal("1e18")),
          Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
          Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
          Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
          Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
          Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
          Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  @SuppressWarnings("Immutable") // BigDecimal is immutable
  private final BigDecimal amount;

  Quantity(BigDecimal amount) {
    this.amount = amount.scale() > 9 ? amount.setScale(9, RoundingMode.UP) : amount;
  }

  /** Parses {@code text}; throws with Kubernetes' message when it is not a quantity. */
  public static Quantity parse(String text) {
    String error = check(text);
    if (error != null) {
      throw KubeErrors.error(error);
    }
    int end = numberEnd(text);
    String suffix = text.substring(end);
    BigDecimal number = new BigDecimal(normaliseNumber(text.substring(0, end)));
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null) {
      int exponent = Integer.parseInt(suffix.substring(1).replace("+", ""));
      return new Quantity(number.scaleByPowerOfTen(exponent));
    }
    return new Quantity(number.multiply(multiplier));
  }

  /** Null if {@code text} is a quantity, else why not, in Kubernetes' words. */
  static String check(String text) {
    if (text.isEmpty()) {
      return FORMAT_ERROR;
    }
    int end = numberEnd(text);
    String number = text.substring(0, end);
    String digits = number.replace("+", "").replace("-", "");
    if (digits.isEmpty()
        || digits.equals(".")
        || digits.indexOf('.') != digits.lastIndexOf('.')
        || number.lastIndexOf('+') > 0
        || number.lastIndexOf('-') > 0) {
      return FORMAT_ERROR;
    }
    String suffix = text.substring(end);
    if (SUFFIXES.containsKey(suffix)) {
      return null;
    }
    if (suffix.matches("[eE][-+]?[0-9]{1,9}")) {
      return null;
    }
    return suffix.matches("[eEinumkKMGTP]*[-+]?[0-9]*") ? SUFFIX_ERROR : FORMAT_ERROR;
  }

  private static int numberEnd(String text) {
    int i = 0;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    while (i < text.length()
        && (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128 || text.charAt(i) == '.')) {
      i++;
    }
    return i;
  }

  private static String normaliseNumber(String number) {
    String n = number.startsWith("+") ? number.substring(1) : number;
    if (n.endsWith(".")) {
      n = n + "0";
    }
    if (n.startsWith(".")) {
      n = "0" + n;
    } else if (n.startsWith("-.")) {
      n = "-0" + n.substring(1);
    }
    return n;
  }

  BigDecimal amount() {
    return amount;
  }

  /** kube-apiserver's isInteger is Quantity.AsInt64 succeeding: whole and within int64. */
  boolean isInteger() {
    if (amount.signum() != 0 && amount.stripTrailingZeros().scale() > 0) {
      return false;
    }
    try {
      amount.toBigIntegerExact().longValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  long asInteger() {
    if (!isInteger()) {
      throw KubeErrors.error("cannot convert value to integer");
    }
    try {
      return amount.longValueExact();
    } catch (ArithmeticException e) {
      throw KubeErrors.error("cannot convert value to integer");
    }
  }

  double asApproximateFloat() {
    return amount.doubleValue();
  }

  long sign() {
    return amount.signum();
  }

  Quantity add(BigDecimal other) {
    return new Quantity(amount.add(other));
  }

  Quantity subtract(BigDecimal other) {
    return new Quantity(amount.subtract(other));
  }

  @Override
  public int compareTo(Quantity other) {
    return amount.compareTo(other.amount);
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return KubeTypes.QUANTITY;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && amount.compareTo(q.amount) == 0;
  }

  @Override
  public int hashCode() {
    return amount.signum() == 0 ? 0 : amount.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return amount.stripTrailingZeros().toPlainString();
  }
}
