package dev.celador.engine.model;

import dev.celador.engine.source.SourceLocation;

/**
 * A header to set upstream when a request is allowed; {@code value} is a CEL expression of type
 * string. {@code name} is lower case.
 */
public record HeaderValue(String name, Expression value, SourceLocation location) {}
