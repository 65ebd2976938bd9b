package dev.celador.engine.internal.eval;

import dev.celador.engine.internal.cel.CompiledExpression;

/** A rule whose {@code when} is compiled. */
public record CompiledRule(String name, CompiledExpression when) {}
