package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;

/**
 * What a denied caller receives when this policy decides.
 *
 * @param status HTTP status, 400 to 599; 403 unless set
 * @param message human-readable reason; empty means the engine's default wording
 */
public record DenyResponse(int status, String message, SourceLocation location) {

  public static final int DEFAULT_STATUS = 403;
}
