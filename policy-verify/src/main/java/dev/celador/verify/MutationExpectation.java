package dev.celador.verify;

import dev.celador.engine.internal.admission.MutatedRequest;
import dev.celador.engine.internal.jsonpatch.JsonTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an admission case expects the mutating admission policies to make of its object. Every field
 * is optional and only given fields are checked; a mutation that denied the request has no object
 * and no patch.
 *
 * @param object the whole mutated object, exactly: every field, no more
 * @param objectContains part of the mutated object: the maps given must be there with at least the
 *     keys given, each list with exactly the items given (each again in part)
 * @param patch exactly the JSONPatch operations from the case's object to the mutated one, in
 *     order, as parsed JSON maps ({@code op}, {@code path}, {@code from}, {@code value})
 * @param mutatedBy exactly the mutating policies that changed the object, in the order they ran
 */
public record MutationExpectation(
    Optional<Object> object,
    Optional<Object> objectContains,
    Optional<List<Object>> patch,
    Optional<List<String>> mutatedBy) {

  public static final MutationExpectation NONE =
      new MutationExpectation(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public MutationExpectation {
    patch = patch.map(List::copyOf);
    mutatedBy = mutatedBy.map(List::copyOf);
  }

  /** The fields of {@code mutated} that differ from this expectation, in field order. */
  public List<Mismatch> check(MutatedRequest mutated) {
    List<Mismatch> mismatches = new ArrayList<>();
    boolean allowed = mutated.mutation().allowed();
    object.ifPresent(want -> object(mismatches, "object", want, mutated, false));
    objectContains.ifPresent(want -> object(mismatches, "objectContains", want, mutated, true));
    patch.ifPresent(
        want -> {
          List<Object> got = allowed ? mutated.patchJson() : List.of();
          for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            String expected =
                i < want.size() ? JsonValueDiff.shown(want.get(i)) : AdmissionExpectation.NOT_SET;
            String shown =
                i < got.size() ? JsonValueDiff.shown(got.get(i)) : AdmissionExpectation.NOT_SET;
            if (i >= want.size() || i >= got.size() || !JsonTree.equal(want.get(i), got.get(i))) {
              mismatches.add(new Mismatch("patch[" + i + "]", expected, shown));
            }
          }
        });
    mutatedBy.ifPresent(
        want -> {
          List<String> got = mutated.changedBy();
          if (!want.equals(got)) {
            mismatches.add(
                new Mismatch("mutatedBy", JsonValueDiff.shown(want), JsonValueDiff.shown(got)));
          }
        });
    return mismatches;
  }

  /** The mutated object against {@code want}, whole or as a subset; none when a mutation denied. */
  private static void object(
      List<Mismatch> out, String field, Object want, MutatedRequest mutated, boolean subset) {
    if (mutated.mutation().allowed()) {
      JsonValueDiff.compare(field, want, mutated.mutation().object(), subset, out);
    } else {
      out.add(new Mismatch(field, "(an object)", HttpExpectation.NONE));
    }
  }

  /** True when nothing about the mutation is expected. */
  public boolean isEmpty() {
    return object.isEmpty() && objectContains.isEmpty() && patch.isEmpty() && mutatedBy.isEmpty();
  }
}
