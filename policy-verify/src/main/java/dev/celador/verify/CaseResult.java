package dev.celador.verify;

import dev.celador.engine.internal.source.SourceLocation;
import java.time.Duration;
import java.util.List;

/**
 * How one case went.
 *
 * @param suite the suite's name
 * @param decision the decision that was checked (for a sequence, the first request that did not
 *     meet the expectation, else the last)
 * @param mismatches every field that differed; empty when the case passed
 */
public record CaseResult(
    String suite,
    String name,
    SourceLocation location,
    CheckedDecision decision,
    List<Mismatch> mismatches,
    Duration time) {

  public CaseResult {
    mismatches = List.copyOf(mismatches);
  }

  public boolean passed() {
    return mismatches.isEmpty();
  }

  /** {@code suite/case}, the name {@code --run} matches and reporters print. */
  public String fullName() {
    return suite + "/" + name;
  }
}
