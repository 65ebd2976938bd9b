package dev.celador.engine.internal.admission;

/**
 * Variable values one request has already computed, for every policy whose variable has the same
 * definition chain ({@link CompiledVariable#shareId}): the Pod Security policies all start with the
 * same {@code pod}, {@code spec} and {@code containers}, which would otherwise be evaluated once
 * per policy. Only successful values are kept, with the cost their own expression was charged and
 * the variables it read, so a policy that reuses one still pays exactly what evaluating it would
 * cost. One per request and params; not thread-safe.
 */
final class SharedVariables {

  /**
   * One computed value: {@code ownCost} is what its expression alone charged (nested variables
   * excluded), {@code reads} the indexes of the variables it read, in its policy's variable list.
   */
  record Entry(Object value, long ownCost, int[] reads) {}

  private final Entry[] entries;

  SharedVariables(int chains) {
    this.entries = new Entry[chains];
  }

  Entry get(int shareId) {
    return entries[shareId];
  }

  void put(int shareId, Entry entry) {
    entries[shareId] = entry;
  }
}
