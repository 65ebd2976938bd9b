package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * Rate limits for one target: every limit whose {@code when} holds is checked for requests the
 * access policies allowed, and the most restrictive one decides.
 *
 * @param failurePolicy what an expression error in a limit's {@code key} or {@code when} means
 * @param headersOnAllow whether allowed responses also carry the {@code RateLimit} headers
 */
public record RateLimitPolicy(
    Metadata metadata,
    Target target,
    List<RateLimit> limits,
    FailurePolicy failurePolicy,
    boolean headersOnAllow,
    SourceLocation location)
    implements PolicyDocument {

  public static final String KIND = "RateLimitPolicy";

  public RateLimitPolicy {
    limits = List.copyOf(limits);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
