package dev.celador.engine.eval;

import dev.celador.engine.cel.CompiledExpression;

/** A rule whose {@code when} is compiled. */
public record CompiledRule(String name, CompiledExpression when) {}
