package dev.celador.engine.internal.admission;

import dev.celador.engine.internal.source.SourceLocation;

/**
 * One validation that ran for a request: which policy, binding and {@code spec.validations} entry,
 * and whether its expression was false (the validation failed, whatever the binding's actions made
 * of that). Validations whose evaluation errored are not traced.
 *
 * @param index the position in {@code spec.validations}, from 0
 * @param location where the validation's expression is written
 */
public record ValidationTrace(
    String policy, String binding, int index, SourceLocation location, boolean failed) {}
