package dev.celador.engine.internal.cel;

/** Cost and size arithmetic that saturates: a bound past {@code Long.MAX_VALUE} is no bound. */
final class Saturating {

  /** No bound. */
  static final long UNBOUNDED = Long.MAX_VALUE;

  private Saturating() {}

  static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 || a == UNBOUNDED || b == UNBOUNDED ? UNBOUNDED : sum;
  }

  static long multiply(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    if (a == UNBOUNDED || b == UNBOUNDED || a > UNBOUNDED / b) {
      return UNBOUNDED;
    }
    return a * b;
  }

  /** {@code ceil(size * factor)}, as cel-go rounds a size times a cost factor. */
  static long times(long size, double factor) {
    if (size == UNBOUNDED) {
      return UNBOUNDED;
    }
    double product = Math.ceil(size * factor);
    return product >= (double) UNBOUNDED ? UNBOUNDED : (long) product;
  }

  static long max(long a, long b) {
    return Math.max(a, b);
  }
}
