package dev.celador.engine.admission;

/** A compiled {@code spec.variables[]} entry. */
record CompiledVariable(String name, CompiledCel expression) {}
