package dev.celador.cli.output;

import dev.celador.engine.internal.admission.MutatedRequest;
import dev.celador.engine.internal.json.JsonText;
import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import java.util.ArrayList;
import java.util.List;

/**
 * What the mutating admission policies did to one object {@code celador apply} judged: the policies
 * that changed it, in the order they ran, and the JSON Patch from the manifest to the object
 * validation then judged; or the denial's message when a mutation failed under Fail.
 */
public record ObjectMutation(List<String> policies, List<JsonPatchOperation> patch, String denial) {

  public ObjectMutation {
    policies = List.copyOf(policies);
    patch = List.copyOf(patch);
  }

  public static ObjectMutation of(MutatedRequest mutated) {
    return new ObjectMutation(
        mutated.changedBy(),
        mutated.mutation().allowed() ? mutated.mutation().patch() : List.of(),
        mutated.mutation().allowed() ? null : mutated.mutation().message());
  }

  /** True when some mutating policy changed the object. */
  public boolean changed() {
    return !patch.isEmpty();
  }

  /** {@code add /spec/containers/0/imagePullPolicy "Always"}: one operation for people. */
  public static String line(JsonPatchOperation op) {
    StringBuilder out = new StringBuilder(op.op()).append(' ').append(op.path());
    if (!op.from().isEmpty()) {
      out.append(" from ").append(op.from());
    }
    if (op.hasValue()) {
      out.append(' ').append(JsonText.write(JsonText.Style.PLAIN, op.value()));
    }
    return out.toString();
  }

  /** {@code mutated by a, b} and a line per operation, each after {@code indent}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (!changed()) {
      return lines;
    }
    lines.add("mutated by " + String.join(", ", policies));
    patch.forEach(op -> lines.add("  " + line(op)));
    return lines;
  }
}
