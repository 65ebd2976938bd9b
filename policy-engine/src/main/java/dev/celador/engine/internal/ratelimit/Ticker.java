package dev.celador.engine.internal.ratelimit;

/**
 * A monotonic nanosecond time source for the local limiter, injectable so tests can move time by
 * hand. Only differences between readings mean anything.
 */
@FunctionalInterface
public interface Ticker {

  long nanos();

  /** The JVM's monotonic clock. */
  static Ticker system() {
    return System::nanoTime;
  }
}
