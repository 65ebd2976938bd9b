package dev.celador.cli.output;

import dev.celador.engine.internal.admission.PolicyResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts over every object {@code celador apply} judged, kept as objects stream past. */
public final class ApplySummary {

  /** The row outcomes, in the order they are printed. */
  static final List<String> OUTCOMES = List.of("pass", "fail", "warn", "audit", "error", "skip");

  private long objects;
  private long denied;
  private final Map<String, Long> outcomes = new LinkedHashMap<>();

  public ApplySummary() {
    OUTCOMES.forEach(o -> outcomes.put(o, 0L));
  }

  public void add(JudgedObject object) {
    objects++;
    if (!object.decision().allowed()) {
      denied++;
    }
    for (PolicyResult row : object.policies()) {
      outcomes.merge(row.outcome(), 1L, Long::sum);
    }
  }

  public long objects() {
    return objects;
  }

  public long denied() {
    return denied;
  }

  Map<String, Long> outcomes() {
    return outcomes;
  }

  /** {@code 3 objects: 2 allowed, 1 denied; results: 5 pass, 1 fail, ...}. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(objects)
        .append(objects == 1 ? " object: " : " objects: ")
        .append(objects - denied)
        .append(" allowed, ")
        .append(denied)
        .append(" denied; results:");
    String sep = " ";
    for (Map.Entry<String, Long> e : outcomes.entrySet()) {
      out.append(sep).append(e.getValue()).append(' ').append(e.getKey());
      sep = ", ";
    }
    return out.toString();
  }
}
