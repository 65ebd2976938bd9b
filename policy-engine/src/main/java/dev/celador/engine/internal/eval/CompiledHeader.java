package dev.celador.engine.internal.eval;

import dev.celador.engine.internal.cel.CompiledExpression;

/** An upstream header whose value expression is compiled. */
public record CompiledHeader(String name, CompiledExpression value) {}
