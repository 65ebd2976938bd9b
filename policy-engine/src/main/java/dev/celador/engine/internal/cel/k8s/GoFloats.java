package dev.celador.engine.internal.cel.k8s;

import java.math.BigDecimal;

/**
 * Doubles as cel-go prints them ({@code string(1e21)}, {@code '%s'.format([0.5])}): Go's {@code
 * strconv.FormatFloat(d, 'g', -1, 64)}, the shortest digits that read back as {@code d}, in
 * exponent form when the exponent is below -4 or at least 6 ({@code 1e+06}, {@code 1e-07}).
 */
public final class GoFloats {

  private GoFloats() {}

  public static String format(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int pointAt = digits.length() - shortest.scale(); // digits before the decimal point
    int exponent = pointAt - 1;
    if (exponent < -4 || exponent >= 6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.valueOf(Math.abs(exponent));
      return sign
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + (exp.length() < 2 ? "0" + exp : exp);
    }
    if (pointAt <= 0) {
      return sign + "0." + "0".repeat(-pointAt) + digits;
    }
    if (pointAt >= digits.length()) {
      return sign + digits + "0".repeat(pointAt - digits.length());
    }
    return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
  }
}
