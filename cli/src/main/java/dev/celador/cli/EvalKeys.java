package dev.celador.cli;

import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.jwt.KeySource;
import dev.celador.engine.internal.jwt.KeySourceStats;
import java.time.Duration;
import java.util.List;

/**
 * What {@code eval} says about the remote key sets (JWKS, discovery) of the policies it decides
 * with, which it fetches first ({@link CompiledPolicySet#awaitKeys}), as {@code serve} does before
 * it reports ready. Without this a token was judged with no keys at all, and an unreachable JWKS
 * read as the token's fault ({@code unknown_key}).
 */
final class EvalKeys {

  /** Long enough for a real JWKS endpoint, short enough that a wrong URL is not a hang. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private EvalKeys() {}

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
