package dev.celador.engine.api;

/**
 * What happened to one rule (or one whole policy) during an evaluation.
 *
 * @param policy policy id, {@code namespace/name}
 * @param rule rule (or limit) name; "" for an entry about the whole policy
 * @param action ALLOW, DENY or AUDIT; RATE_LIMIT for a limit of a RateLimitPolicy
 * @param result what happened, see {@link Result}
 * @param detail the error message, or why the policy was skipped; "" otherwise
 */
public record TraceEntry(
    String policy, String rule, String action, boolean dryRun, Result result, String detail) {

  /** The outcome of one entry. */
  public enum Result {
    MATCH,
    NO_MATCH,
    ERROR,
    /** The policy's target does not select this request, so nothing of it ran. */
    NOT_SELECTED,
    /** A rule that was not reached because the decision was already made. */
    NOT_EVALUATED,
    /** A rate limit had room for the request. */
    UNDER_LIMIT,
    /** A rate limit had no room for the request (for a shadow limit: would have denied). */
    OVER_LIMIT;

    /** Lower-case spelling used in JSON output. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
