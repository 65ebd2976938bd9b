package dev.celador.verify;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.internal.source.SourceLocation;

/**
 * An HTTP authorization case: one request (or the same request several times in a row, for rate
 * limits) and the expected decision.
 */
public record HttpCase(
    String name,
    SourceLocation location,
    AuthzRequest request,
    RequestSequence sequence,
    HttpExpectation expect)
    implements TestCase {}
