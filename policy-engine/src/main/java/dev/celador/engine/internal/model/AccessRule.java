package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;

/** A named condition of an {@link AccessPolicy}; {@code when} is a CEL expression of type bool. */
public record AccessRule(String name, Expression when, SourceLocation location) {}
