package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.time.Duration;
import java.util.Optional;

/**
 * One limit of a {@link RateLimitPolicy}: at most {@code requests} per {@code period} for each
 * value of {@code key}, with up to {@code burst} requests at once.
 *
 * @param key CEL expression (string) naming the bucket, e.g. {@code source.principal}
 * @param when CEL condition (bool); the limit applies only where it holds
 * @param burst bucket capacity: requests admitted at once after a quiet spell (default: requests)
 * @param shadow counted, logged and measured, never enforced
 * @param failureMode what happens when the limit's store cannot be reached
 */
public record RateLimit(
    String name,
    Expression key,
    Optional<Expression> when,
    long requests,
    Duration period,
    long burst,
    boolean shadow,
    Backend backend,
    FailureMode failureMode,
    SourceLocation location) {

  /** Where a limit keeps its counters. */
  public enum Backend {
    /** In this process's memory: exact per replica, not shared. The default. */
    LOCAL("local"),
    /** In Redis: shared and exact across replicas. */
    REDIS("redis");

    private final String yamlName;

    Backend(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }
  }

  /** What a limit does when its store cannot answer in time. */
  public enum FailureMode {
    /** Admit the request, as if under the limit. The default. */
    OPEN("open"),
    /** Refuse the request with 503 and {@code Retry-After}. */
    CLOSED("closed");

    private final String yamlName;

    FailureMode(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }
  }
}
