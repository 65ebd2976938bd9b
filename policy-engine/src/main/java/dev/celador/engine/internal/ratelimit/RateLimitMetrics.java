package dev.celador.engine.internal.ratelimit;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The counters of every limit ever loaded, by limit id ({@code namespace/policy/limit}): labels of
 * low cardinality, never key values. Front doors read {@link #snapshot()} for {@code /metrics}.
 */
public final class RateLimitMetrics {

  /** One limit's counters at one moment. */
  public record LimitSample(
      String limitId, long checks, long denials, long shadowDenials, long storeErrors) {}

  private final ConcurrentMap<String, LimitCounters> counters = new ConcurrentHashMap<>();

  /** The counters of {@code limitId}, created on first use; resolved once per policy load. */
  public LimitCounters counters(String limitId) {
    return counters.computeIfAbsent(limitId, id -> new LimitCounters());
  }

  /** Every limit's counters, sorted by id. */
  public List<LimitSample> snapshot() {
    return counters.entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(
            e ->
                new LimitSample(
                    e.getKey(),
                    e.getValue().checks(),
                    e.getValue().denials(),
                    e.getValue().shadowDenials(),
                    e.getValue().storeErrors()))
        .toList();
  }
}
