package dev.celador.engine.internal.jsonpatch;

import dev.celador.engine.internal.json.JsonText;

/**
 * Array indexes read as Go's {@code strconv.Atoi} reads them (an optional sign, decimal digits,
 * 64-bit range), failing with its message, which kube-apiserver's patch errors quote.
 */
final class GoInts {

  private GoInts() {}

  /**
   * @throws NumberFormatException with {@code strconv.Atoi: parsing "<s>": invalid syntax} or
   *     {@code value out of range}
   */
  static int atoi(String s) {
    String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException(
          "strconv.Atoi: parsing " + JsonText.quote(s) + ": invalid syntax");
    }
    long value;
    try {
      value = Long.parseLong(s.startsWith("+") ? digits : s);
    } catch (NumberFormatException e) {
      throw new NumberFormatException(
          "strconv.Atoi: parsing " + JsonText.quote(s) + ": value out of range");
    }
    // Any index beyond int range is out of every list's bounds; clamp so the caller says so.
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
