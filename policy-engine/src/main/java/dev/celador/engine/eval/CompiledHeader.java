package dev.celador.engine.eval;

import dev.celador.engine.cel.CompiledExpression;

/** An upstream header whose value expression is compiled. */
public record CompiledHeader(String name, CompiledExpression value) {}
