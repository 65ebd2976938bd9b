package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;

/**
 * A verified claim copied into an upstream header; the header is always overwritten, so a client
 * can never supply it.
 *
 * @param header lower-case header name
 */
public record ClaimHeader(String claim, String header, SourceLocation location) {}
