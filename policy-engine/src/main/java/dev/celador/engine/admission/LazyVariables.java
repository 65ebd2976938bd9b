package dev.celador.engine.admission;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.CelType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.StructValue;
import dev.celador.engine.cel.CostBudget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code variables} of one policy evaluation: each is evaluated the first time an expression
 * reads it, charged to the evaluation's budget, and then remembered (value or error), as
 * kube-apiserver's lazy variables are.
 */
@Immutable
@SuppressWarnings("Immutable") // memoises per evaluation; one instance per evaluation
final class LazyVariables extends StructValue<String, Map<String, Object>> {

  private final StructType type;
  private final List<CompiledVariable> variables;
  private final AdmissionActivation activation;
  private final CostBudget budget;
  private final Map<String, Object> values = new HashMap<>();
  private final Map<String, String> errors = new HashMap<>();

  LazyVariables(
      StructType type,
      List<CompiledVariable> variables,
      AdmissionActivation activation,
      CostBudget budget) {
    this.type = type;
    this.variables = variables;
    this.activation = activation;
    this.budget = budget;
  }

  @Override
  public Map<String, Object> value() {
    return values;
  }

  @Override
  public boolean isZeroValue() {
    return variables.isEmpty();
  }

  @Override
  public CelType celType() {
    return type;
  }

  @Override
  public Object select(String name) {
    if (values.containsKey(name)) {
      return values.get(name);
    }
    if (errors.containsKey(name)) {
      throw new IllegalStateException(errors.get(name));
    }
    for (CompiledVariable variable : variables) {
      if (variable.name().equals(name)) {
        try {
          // Frozen into JsonMaps and random-access lists, so reading the variable again does not
          // make cel-java copy it.
          Object value = CelValues.freeze(variable.expression().evaluate(activation, budget));
          values.put(name, value);
          return value;
        } catch (CompiledCel.EvaluationError e) {
          // kube-apiserver's wording, nested once per variable on the way down.
          String message =
              e.outOfBudget()
                  ? e.getMessage()
                  : "composited variable \"" + name + "\" fails to evaluate: " + e.getMessage();
          errors.put(name, message);
          throw new IllegalStateException(message);
        }
      }
    }
    throw new IllegalArgumentException("no such key: " + name);
  }

  @Override
  public Optional<Object> find(String name) {
    return variables.stream().anyMatch(v -> v.name().equals(name))
        ? Optional.of(select(name))
        : Optional.empty();
  }
}
