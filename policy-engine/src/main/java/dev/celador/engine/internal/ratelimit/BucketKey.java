package dev.celador.engine.internal.ratelimit;

/**
 * One bucket: a limit (its id, {@code namespace/policy/limit}) and the value its key expression
 * produced for a request.
 */
public record BucketKey(String limitId, String value) {}
