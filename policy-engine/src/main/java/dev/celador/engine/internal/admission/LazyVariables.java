package dev.celador.engine.internal.admission;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.CelType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.StructValue;
import dev.celador.engine.internal.cel.BudgetMeter;
import dev.celador.engine.internal.cel.CostBudget;
import dev.celador.engine.internal.cel.JsonValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code variables} of one policy evaluation: each is evaluated the first time an expression
 * reads it, charged to the evaluation's budget, and then remembered (value or error), as
 * kube-apiserver's lazy variables are. A value another policy already computed for this request
 * ({@link SharedVariables}) is reused instead, charging the same cost, when the budget can pay it.
 */
@Immutable
@SuppressWarnings("Immutable") // memoises per evaluation; one instance per evaluation
final class LazyVariables extends StructValue<String, Map<String, Object>> {

  private static final Object UNSET = new Object();

  private final StructType type;
  private final List<CompiledVariable> variables;
  private final AdmissionActivation activation;
  private final CostBudget budget;
  private final SharedVariables shared;
  private final Object[] values;
  private final String[] errors;

  /** The variables read by the variable being evaluated (null outside a variable). */
  private ReadLog reading;

  LazyVariables(
      StructType type,
      List<CompiledVariable> variables,
      AdmissionActivation activation,
      CostBudget budget) {
    this.type = type;
    this.variables = variables;
    this.activation = activation;
    this.budget = budget;
    this.shared = activation.sharedVariables();
    this.values = new Object[variables.size()];
    java.util.Arrays.fill(values, UNSET);
    this.errors = new String[variables.size()];
  }

  /** The values evaluated so far, by name. */
  @Override
  public Map<String, Object> value() {
    Map<String, Object> evaluated = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != UNSET) {
        evaluated.put(variables.get(i).name(), values[i]);
      }
    }
    return evaluated;
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
    int index = indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no such key: " + name);
    }
    return read(index);
  }

  @Override
  public Optional<Object> find(String name) {
    int index = indexOf(name);
    return index < 0 ? Optional.empty() : Optional.of(read(index));
  }

  private int indexOf(String name) {
    for (int i = 0; i < variables.size(); i++) {
      if (variables.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private Object read(int index) {
    if (reading != null) {
      reading.add(index);
    }
    if (values[index] != UNSET) {
      return values[index];
    }
    if (errors[index] != null) {
      throw new IllegalStateException(errors[index]);
    }
    if (reuse(index)) {
      return values[index];
    }
    return evaluate(index);
  }

  private Object evaluate(int index) {
    CompiledVariable variable = variables.get(index);
    ReadLog outer = reading;
    ReadLog reads = shared == null ? null : new ReadLog(index);
    reading = reads;
    BudgetMeter meter = CompiledCel.meter(budget);
    try {
      // Frozen into JsonMaps and random-access lists, so reading the variable again does not
      // make cel-java copy it (and so other policies can share it).
      Object value = JsonValues.freeze(variable.expression().evaluate(activation, budget, meter));
      values[index] = value;
      if (reads != null && everyReadShared(reads)) {
        shared.put(
            variable.shareId(), new SharedVariables.Entry(value, meter.used(), reads.indexes()));
      }
      return value;
    } catch (CompiledCel.EvaluationError e) {
      // kube-apiserver's wording, nested once per variable on the way down.
      String message =
          e.outOfBudget()
              ? e.getMessage()
              : "composited variable \""
                  + variable.name()
                  + "\" fails to evaluate: "
                  + e.getMessage();
      errors[index] = message;
      throw new IllegalStateException(message);
    } finally {
      reading = outer;
    }
  }

  private boolean everyReadShared(ReadLog reads) {
    for (int read : reads.indexes()) {
      if (shared.get(variables.get(read).shareId()) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Takes the shared value of {@code index} (and of the variables it read that this evaluation has
   * not yet evaluated), charging their costs, when every one of them is shared and the budget can
   * pay the sum; otherwise false, and the variable is evaluated (with the same result and costs).
   */
  private boolean reuse(int index) {
    if (shared == null) {
      return false;
    }
    boolean[] taking = new boolean[values.length];
    long cost = costToTake(index, taking);
    if (cost < 0 || cost > budget.remaining()) {
      return false;
    }
    budget.charge(cost);
    for (int i = 0; i < taking.length; i++) {
      if (taking[i]) {
        values[i] = shared.get(variables.get(i).shareId()).value();
      }
    }
    return true;
  }

  /** The cost of taking {@code index} and its unevaluated reads, or -1 when one is not shared. */
  private long costToTake(int index, boolean[] taking) {
    if (taking[index] || values[index] != UNSET) {
      return 0;
    }
    SharedVariables.Entry entry = shared.get(variables.get(index).shareId());
    if (entry == null || errors[index] != null) {
      return -1;
    }
    taking[index] = true;
    long cost = entry.ownCost();
    for (int read : entry.reads()) {
      long more = costToTake(read, taking);
      if (more < 0) {
        return -1;
      }
      cost += more;
    }
    return cost;
  }

  /** The distinct variables one variable's expression read, in order. */
  private static final class ReadLog {
    private final int self;
    private int[] indexes = new int[4];
    private int size;

    ReadLog(int self) {
      this.self = self;
    }

    void add(int index) {
      if (index == self) {
        return;
      }
      for (int i = 0; i < size; i++) {
        if (indexes[i] == index) {
          return;
        }
      }
      if (size == indexes.length) {
        indexes = java.util.Arrays.copyOf(indexes, size * 2);
      }
      indexes[size++] = index;
    }

    int[] indexes() {
      return java.util.Arrays.copyOf(indexes, size);
    }
  }
}
