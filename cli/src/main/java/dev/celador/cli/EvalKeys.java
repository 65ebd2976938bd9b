package dev.celador.cli;

import dev.celador.engine.eval.CompiledPolicySet;
import dev.celador.engine.jwt.KeySource;
import dev.celador.engine.jwt.KeySourceStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The remote key sets (JWKS, discovery) of the policies {@code eval} decides with, fetched before
 * it decides, as {@code serve} does before it reports ready. Without this a token was judged with
 * no keys at all, and an unreachable JWKS read as the token's fault ({@code unknown_key}).
 */
final class EvalKeys {

  /** Long enough for a real JWKS endpoint, short enough that a wrong URL is not a hang. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private EvalKeys() {}

  /** Starts every key source of {@code set} and waits, at most {@code wait} in all, for them. */
  static void fetch(CompiledPolicySet set, Duration wait) {
    List<KeySource> sources = set.keySources();
    sources.forEach(KeySource::start);
    try {
      CompletableFuture.allOf(
              sources.stream().map(KeySource::firstFetch).toArray(CompletableFuture[]::new))
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Each source's own counters say which failed and why (failed()).
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The sources that have no keys: never fetched successfully, with their last error. */
  static List<KeySourceStats> failed(CompiledPolicySet set) {
    return set.keySources().stream()
        .filter(source -> source.current().size() == 0)
        .map(KeySource::stats)
        .toList();
  }

  /** One line per source without keys, for stderr. */
  static String describe(KeySourceStats stats) {
    String why = stats.lastError().isEmpty() ? "no answer within " + WAIT : stats.lastError();
    return "celador: the keys of " + stats.source() + " could not be fetched: " + why;
  }
}
