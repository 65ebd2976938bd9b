package dev.celador.engine.model;

import dev.celador.engine.source.SourceLocation;

/** A named condition of an {@link AccessPolicy}; {@code when} is a CEL expression of type bool. */
public record AccessRule(String name, Expression when, SourceLocation location) {}
