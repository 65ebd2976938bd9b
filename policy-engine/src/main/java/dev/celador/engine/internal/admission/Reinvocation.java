package dev.celador.engine.internal.admission;

import java.util.HashSet;
import java.util.Set;

/**
 * What kube-apiserver remembers between the two calls of its MutatingAdmissionPolicy plugin for one
 * request: the {@code IfNeeded} invocations made since the object last changed, which a later
 * change marks for reinvocation, and whether any mutation asked for the chain to run again.
 */
final class Reinvocation {

  /** An invocation's identity: policy, binding, and the param's namespace and name. */
  record Key(String policy, String binding, String param) {}

  private final Set<Key> invokedSinceChange = new HashSet<>();
  private final Set<Key> toReinvoke = new HashSet<>();
  private boolean requested;
  private boolean reinvoking;

  /** Whether the current pass evaluates {@code key}: always the first time, then if marked. */
  boolean invokes(Key key) {
    return !reinvoking || toReinvoke.contains(key);
  }

  /** An {@code IfNeeded} invocation ran: a later change reinvokes it. */
  void invoked(Key key) {
    invokedSinceChange.add(key);
  }

  /** The object changed (or a mutation applied): every IfNeeded invocation before it reruns. */
  void objectChanged() {
    toReinvoke.addAll(invokedSinceChange);
    invokedSinceChange.clear();
    requested = true;
  }

  boolean requested() {
    return requested;
  }

  void startReinvoking() {
    reinvoking = true;
  }
}
