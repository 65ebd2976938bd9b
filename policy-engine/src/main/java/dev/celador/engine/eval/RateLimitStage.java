package dev.celador.engine.eval;

import dev.cel.runtime.CelEvaluationException;
import dev.celador.engine.cel.RequestActivation;
import dev.celador.engine.eval.TraceEntry.Result;
import dev.celador.engine.ratelimit.BucketKey;
import dev.celador.engine.ratelimit.CompiledLimit;
import dev.celador.engine.ratelimit.GcraResult;
import dev.celador.engine.ratelimit.RateLimitHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Step 4 of the evaluation order: the rate limits of the selected policies, for a request the
 * access policies allowed. The semantics, documented in docs/policies/rate-limit-policy.md:
 *
 * <ol>
 *   <li>Every limit whose {@code when} holds applies; its key is computed first. An expression
 *       error follows the policy's failurePolicy: Fail denies (403) before anything is spent,
 *       Ignore skips that limit.
 *   <li>Every applying enforced limit is checked, all at once (Redis checks are in flight
 *       together). A limit over its rate denies with 429; when several are, the one with the
 *       longest wait decides. A store that does not answer admits (failureMode open) or denies with
 *       503 (closed); an over-limit denial takes precedence over that.
 *   <li>A denied request spends nothing: the limits that admitted it are refunded.
 *   <li>Shadow limits are checked only for requests that pass, each on its own: one that is over
 *       records an audit entry and counts a shadow denial, never denies, and spends nothing.
 * </ol>
 *
 * Single use, one thread, like the {@link Evaluation} that calls it.
 */
final class RateLimitStage {

  static final String ACTION = "RATE_LIMIT";
  static final int TOO_MANY_REQUESTS = 429;
  static final int UNAVAILABLE = 503;
  static final int EVALUATION_ERROR = 403;

  /**
   * A backstop only: stores complete every check within their own timeout (Redis: 50 ms by
   * default), so no request thread waits longer than that on a store.
   */
  private static final long MAX_WAIT_MILLIS = 1_000;

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

  /** {@code allowed} with rate-limit headers, or the denial of the limit that decided. */
  Decision apply(Decision allowed, List<CompiledRateLimitPolicy> selected) {
    List<Check> enforced = new ArrayList<>();
    List<Check> shadows = new ArrayList<>(0);
    for (CompiledRateLimitPolicy policy : selected) {
      for (CompiledLimit limit : policy.limits()) {
        Check check = new Check(policy, limit);
        if (!check.prepare(activation)) {
          if (check.failure != null && policy.failClosed()) {
            record(check, Result.ERROR, check.failure);
            return errorDeny(check);
          }
          record(check, check.failure == null ? Result.NO_MATCH : Result.ERROR, check.failure);
          continue;
        }
        (limit.shadow() ? shadows : enforced).add(check);
      }
    }
    enforced.forEach(Check::start);
    Check over = null;
    Check unavailable = null;
    for (Check check : enforced) {
      check.await();
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
    Check decider = over != null ? over : unavailable;
    if (decider != null) {
      for (Check check : enforced) {
        if (check.result != null && check.result.allowed()) {
          check.limit.store().refund(check.bucket, check.limit.rate());
        }
      }
      recordEnforced(enforced, decider);
      return over != null ? overLimit(over) : unavailable(unavailable);
    }
    recordEnforced(enforced, null);
    checkShadows(shadows);
    return withHeaders(allowed, enforced);
  }

  private void checkShadows(List<Check> shadows) {
    shadows.forEach(Check::start);
    for (Check check : shadows) {
      check.await();
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

  private void recordEnforced(List<Check> enforced, Check decider) {
    if (trace == null) {
      return;
    }
    for (Check check : enforced) {
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

  private static Decision overLimit(Check check) {
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

  private static Decision unavailable(Check check) {
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

  private static Decision errorDeny(Check check) {
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
      Check check, int status, String reason, Map<String, String> headers, boolean error) {
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
  private static Decision withHeaders(Decision allowed, List<Check> enforced) {
    Check tightest = null;
    for (Check check : enforced) {
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

  private void record(Check check, Result result, String detail) {
    if (trace != null) {
      trace.add(entry(check, result, detail));
    }
  }

  private static TraceEntry entry(Check check, Result result, String detail) {
    return new TraceEntry(
        check.policy.id(),
        check.limit.name(),
        ACTION,
        check.limit.shadow(),
        result,
        detail == null ? "" : detail);
  }

  /** One limit applied to this request: its bucket, then what its store answered. */
  private static final class Check {
    final CompiledRateLimitPolicy policy;
    final CompiledLimit limit;
    BucketKey bucket;
    CompletableFuture<GcraResult> pending;
    GcraResult result;
    String failure;

    Check(CompiledRateLimitPolicy policy, CompiledLimit limit) {
      this.policy = policy;
      this.limit = limit;
    }

    /** Evaluates when and key: true if the limit applies; else {@code failure} says why not. */
    boolean prepare(RequestActivation activation) {
      try {
        if (limit.when() != null) {
          Object applies = limit.when().evaluate(activation);
          if (!(applies instanceof Boolean b)) {
            failure = "when returned " + Evaluation.typeName(applies) + ", not bool";
            return false;
          }
          if (!b) {
            return false;
          }
        }
        Object key = limit.key().evaluate(activation);
        if (!(key instanceof String value)) {
          failure = "key returned " + Evaluation.typeName(key) + ", not string";
          return false;
        }
        bucket = new BucketKey(limit.id(), value);
        return true;
      } catch (CelEvaluationException | RuntimeException e) {
        failure = Evaluation.message(e);
        return false;
      }
    }

    void start() {
      limit.counters().checked();
      try {
        pending = limit.store().acquire(bucket, limit.rate());
      } catch (RuntimeException e) {
        pending = CompletableFuture.failedFuture(e);
      }
    }

    void await() {
      try {
        result = pending.get(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted";
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        failure =
            cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      } catch (TimeoutException e) {
        failure = "no answer within " + MAX_WAIT_MILLIS + " ms";
      }
      if (result == null) {
        limit.counters().storeError();
      }
    }
  }
}
