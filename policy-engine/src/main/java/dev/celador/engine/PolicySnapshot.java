package dev.celador.engine;

import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import java.util.Optional;

/**
 * One consistent generation of everything the engine decides with: the access, JWT and rate-limit
 * policies, the admission policies compiled from the same sources, the params and Namespaces
 * admission evaluates them with, and the revision of those sources. {@link PolicyEngine} swaps it
 * whole, so a request never sees one part of a reload without the others.
 *
 * @param access the access, JWT and rate-limit policies
 * @param admission the admission policies, empty when the sources hold none
 * @param admissionContext params, Namespaces and the authorizer admission policies read
 * @param revision a hash of the policy sources ({@link
 *     dev.celador.engine.internal.source.PolicyRevision})
 */
public record PolicySnapshot(
    CompiledPolicySet access,
    Optional<CompiledAdmissionSet> admission,
    AdmissionContext admissionContext,
    String revision) {

  PolicySnapshot withAdmissionContext(AdmissionContext context) {
    return new PolicySnapshot(access, admission, context, revision);
  }
}
