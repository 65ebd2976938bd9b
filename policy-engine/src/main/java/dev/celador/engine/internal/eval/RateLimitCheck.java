package dev.celador.engine.internal.eval;

import dev.cel.runtime.CelEvaluationException;
import dev.celador.engine.internal.cel.RequestActivation;
import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.CompiledLimit;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;

/**
 * One limit applied to one request: its bucket, then what its store answered ({@code result}) or
 * why it did not ({@code failure}). Written by one thread at a time, in the order of the stages of
 * its evaluation.
 */
final class RateLimitCheck {

  final CompiledRateLimitPolicy policy;
  final CompiledLimit limit;
  BucketKey bucket;
  GcraResult result;
  String failure;

  RateLimitCheck(CompiledRateLimitPolicy policy, CompiledLimit limit) {
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

  LimitCheck toStore() {
    return new LimitCheck(bucket, limit.rate(), limit.shadow());
  }
}
