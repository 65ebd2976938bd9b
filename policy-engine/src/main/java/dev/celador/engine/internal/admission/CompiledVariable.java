package dev.celador.engine.internal.admission;

/**
 * A compiled {@code spec.variables[]} entry. {@code shareId} numbers its definition chain (its own
 * and every earlier variable's name and expression) within the set: variables of different policies
 * with the same id compute the same value for the same request and params.
 */
record CompiledVariable(String name, CompiledCel expression, int shareId) {}
