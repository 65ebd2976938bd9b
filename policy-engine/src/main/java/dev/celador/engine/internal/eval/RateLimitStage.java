package dev.celador.engine.internal.eval;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.api.TraceEntry.Result;
import dev.celador.engine.internal.cel.RequestActivation;
import dev.celador.engine.internal.ratelimit.CompiledLimit;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.RateLimitHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Step 4 of the evaluation order: the rate limits of the selected policies, for a request the
 * access policies allowed. The semantics, documented in docs/policies/rate-limit-policy.md:
 *
 * <ol>
 *   <li>Every limit whose {@code when} holds applies; its key is computed first. An expression
 *       error follows the policy's failurePolicy: Fail denies (403) before anything is spent,
 *       Ignore skips that limit.
 *   <li>Every applying enforced limit is checked, all at once: the limits of one store in one call
 *       (for Redis, one script run: one round trip), the stores in parallel. A limit over its rate
 *       denies with 429; when several are, the one with the longest wait decides. A store that does
 *       not answer within its timeout admits (failureMode open) or denies with 503 (closed); an
 *       over-limit denial takes precedence over that.
 *   <li>A denied request spends nothing: a store spends one request's limits all-or-nothing, and
 *       the limits another store admitted are refunded. A check that timed out and whose reply
 *       comes late is settled by the decision: refunded if the request was denied, kept if it was
 *       admitted (failureMode open), since then the request really went through.
 *   <li>Shadow limits are checked only for requests that pass, each on its own: one that is over
 *       records an audit entry and counts a shadow denial, never denies, and spends nothing.
 * </ol>
 *
 * <p>Nothing here waits: the stage completes when the stores answer, on the thread that delivers
 * the last answer (with only local limits, at once, on the caller's).
 *
 * <p>Single use, one step at a time, like the {@link Evaluation} that calls it.
 */
final class RateLimitStage {

  static final String ACTION = "RATE_LIMIT";
  static final int TOO_MANY_REQUESTS = 429;
  static final int UNAVAILABLE = 503;
  static final int EVALUATION_ERROR = 403;

  private final RequestActivation activation;
  private final List<TraceEntry> trace;
  private final Consumer<TraceEntry> audits;

  /**
   * @param trace where to record every limit checked; null when no trace was asked for
   * @param audits where shadow limits that were over go, trace or not
   */
  RateLimitStage(
      RequestActivation activation, List<TraceEntry> trace, Consumer<TraceEntry> audits) {
    this.activation = activation;
    this.trace = trace;
    this.audits = audits;
  }

  /**
   * {@code allowed} with rate-limit headers, or the denial of the limit that decided. Completes
   * when the stores have answered, on the thread that completes the last answer; with only local
   * limits, at once.
   */
  CompletableFuture<Decision> apply(Decision allowed, List<CompiledRateLimitPolicy> selected) {
    List<RateLimitCheck> enforced = new ArrayList<>();
    List<RateLimitCheck> shadows = new ArrayList<>(0);
    for (CompiledRateLimitPolicy policy : selected) {
      for (CompiledLimit limit : policy.limits()) {
        RateLimitCheck check = new RateLimitCheck(policy, limit);
        if (!check.prepare(activation)) {
          if (check.failure != null && policy.failClosed()) {
            record(check, Result.ERROR, check.failure);
            return CompletableFuture.completedFuture(errorDeny(check));
          }
          record(check, check.failure == null ? Result.NO_MATCH : Result.ERROR, check.failure);
          continue;
        }
        (limit.shadow() ? shadows : enforced).add(check);
      }
    }
    if (enforced.isEmpty() && shadows.isEmpty()) {
      return CompletableFuture.completedFuture(allowed);
    }
    // One call per store. When every limit lives in one store, the shadow limits go with the
    // enforced ones (the store checks them only if the enforced ones admit): one round trip. Else
    // they wait for every store's enforced answer.
    List<RateLimitCheck> all = new ArrayList<>(enforced);
    all.addAll(shadows);
    List<StoreBatch> together = StoreBatch.byStore(all);
    List<StoreBatch> first = together.size() == 1 ? together : StoreBatch.byStore(enforced);
    List<RateLimitCheck> later = together.size() == 1 ? List.of() : shadows;
    return StoreBatch.sendAll(first)
        .thenCompose(
            sent -> {
              Decision denied = judge(enforced, first);
              if (denied != null) {
                return CompletableFuture.completedFuture(denied);
              }
              if (later.isEmpty()) {
                return CompletableFuture.completedFuture(admit(allowed, enforced, shadows));
              }
              return StoreBatch.sendAll(StoreBatch.byStore(later))
                  .thenApply(none -> admit(allowed, enforced, shadows));
            });
  }

  /**
   * The denial, if a limit was over or a store that must answer (failureMode closed) did not; the
   * batches that spent are then refunded, so a denied request spends nothing. Null to admit.
   */
  private Decision judge(List<RateLimitCheck> enforced, List<StoreBatch> batches) {
    RateLimitCheck over = null;
    RateLimitCheck unavailable = null;
    for (RateLimitCheck check : enforced) {
      if (check.result == null) {
        if (check.limit.failClosed() && unavailable == null) {
          unavailable = check;
        }
      } else if (!check.result.allowed()) {
        check.limit.counters().denied();
        if (over == null || check.result.retryAfterNanos() > over.result.retryAfterNanos()) {
          over = check;
        }
      }
    }
    RateLimitCheck decider = over != null ? over : unavailable;
    if (decider == null) {
      return null;
    }
    batches.forEach(StoreBatch::refund);
    recordEnforced(enforced, decider);
    return over != null ? overLimit(over) : unavailable(unavailable);
  }

  private Decision admit(
      Decision allowed, List<RateLimitCheck> enforced, List<RateLimitCheck> shadows) {
    recordEnforced(enforced, null);
    recordShadows(shadows);
    return withHeaders(allowed, enforced);
  }

  private void recordShadows(List<RateLimitCheck> shadows) {
    for (RateLimitCheck check : shadows) {
      if (check.result == null) {
        record(check, Result.ERROR, "store unavailable: " + check.failure);
      } else if (check.result.allowed()) {
        record(check, Result.UNDER_LIMIT, "remaining " + check.result.remaining());
      } else {
        check.limit.counters().shadowDenied();
        String detail =
            "shadow limit exceeded ("
                + check.limit.rate().describe()
                + "); would have denied with 429, retry after "
                + retryAfter(check.result)
                + "s";
        record(check, Result.OVER_LIMIT, detail);
        audits.accept(entry(check, Result.OVER_LIMIT, detail));
      }
    }
  }

  private void recordEnforced(List<RateLimitCheck> enforced, RateLimitCheck decider) {
    if (trace == null) {
      return;
    }
    for (RateLimitCheck check : enforced) {
      if (check.result == null) {
        String mode = check.limit.failClosed() ? "closed: denied" : "open: admitted";
        record(
            check, Result.ERROR, "store unavailable (failureMode " + mode + "): " + check.failure);
      } else if (!check.result.allowed()) {
        record(check, Result.OVER_LIMIT, "retry after " + retryAfter(check.result) + "s");
      } else if (decider != null) {
        record(check, Result.UNDER_LIMIT, "not charged: denied by limit " + decider.limit.name());
      } else {
        record(check, Result.UNDER_LIMIT, "remaining " + check.result.remaining());
      }
    }
  }

  private static Decision overLimit(RateLimitCheck check) {
    GcraResult result = check.result;
    Map<String, String> headers =
        Map.of(
            RateLimitHeaders.POLICY, check.limit.policyItem(),
            RateLimitHeaders.STATE, RateLimitHeaders.stateItem(check.limit.name(), result),
            RateLimitHeaders.RETRY_AFTER, Long.toString(retryAfter(result)));
    String reason =
        "rate limit "
            + check.limit.name()
            + " of "
            + check.policy.id()
            + " exceeded ("
            + check.limit.rate().describe()
            + "); retry after "
            + retryAfter(result)
            + "s";
    return denial(check, TOO_MANY_REQUESTS, reason, headers, false);
  }

  private static Decision unavailable(RateLimitCheck check) {
    Map<String, String> headers =
        Map.of(
            RateLimitHeaders.POLICY, check.limit.policyItem(), RateLimitHeaders.RETRY_AFTER, "1");
    String reason =
        "rate limit "
            + check.limit.name()
            + " of "
            + check.policy.id()
            + ": store unavailable (failureMode closed): "
            + check.failure;
    return denial(check, UNAVAILABLE, reason, headers, false);
  }

  private static Decision errorDeny(RateLimitCheck check) {
    String reason =
        "evaluation error in "
            + check.policy.id()
            + " limit "
            + check.limit.name()
            + " (failurePolicy Fail): "
            + check.failure;
    return denial(check, EVALUATION_ERROR, reason, Map.of(), true);
  }

  private static Decision denial(
      RateLimitCheck check, int status, String reason, Map<String, String> headers, boolean error) {
    return new Decision(
        false,
        status,
        check.policy.id(),
        check.limit.name(),
        List.of(reason),
        Map.of(),
        List.of(),
        headers,
        error,
        List.of(),
        List.of());
  }

  /** The allowed decision, with the state of its most restrictive limit if a policy asks. */
  private static Decision withHeaders(Decision allowed, List<RateLimitCheck> enforced) {
    RateLimitCheck tightest = null;
    for (RateLimitCheck check : enforced) {
      if (check.result == null || !check.policy.headersOnAllow()) {
        continue;
      }
      if (tightest == null
          || check.result.remaining() < tightest.result.remaining()
          || (check.result.remaining() == tightest.result.remaining()
              && check.result.resetAfterNanos() > tightest.result.resetAfterNanos())) {
        tightest = check;
      }
    }
    if (tightest == null) {
      return allowed;
    }
    Map<String, String> headers = new HashMap<>(allowed.responseHeaders());
    headers.put(RateLimitHeaders.POLICY, tightest.limit.policyItem());
    headers.put(
        RateLimitHeaders.STATE, RateLimitHeaders.stateItem(tightest.limit.name(), tightest.result));
    return new Decision(
        true,
        allowed.status(),
        allowed.policy(),
        allowed.rule(),
        allowed.reasons(),
        allowed.headers(),
        allowed.headersToRemove(),
        headers,
        allowed.evaluationError(),
        allowed.trace(),
        allowed.audits());
  }

  private static long retryAfter(GcraResult result) {
    return RateLimitHeaders.retryAfterSeconds(result.retryAfterNanos());
  }

  private void record(RateLimitCheck check, Result result, String detail) {
    if (trace != null) {
      trace.add(entry(check, result, detail));
    }
  }

  private static TraceEntry entry(RateLimitCheck check, Result result, String detail) {
    return new TraceEntry(
        check.policy.id(),
        check.limit.name(),
        ACTION,
        check.limit.shadow(),
        result,
        detail == null ? "" : detail);
  }
}
