package dev.celador.verify;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.source.SourceLocation;

/**
 * An admission case: one AdmissionReview request, what the cluster around it holds (namespace,
 * params, authorizer answers) and the expected decision of the suite's admission policies.
 */
public record AdmissionCase(
    String name,
    SourceLocation location,
    AdmissionRequest request,
    AdmissionContext context,
    AdmissionExpectation expect)
    implements TestCase {}
