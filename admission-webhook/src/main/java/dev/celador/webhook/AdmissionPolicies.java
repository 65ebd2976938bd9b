package dev.celador.webhook;

import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;

/**
 * Where the webhook's admission policies come from, chosen by {@code celador.webhook.source}:
 * {@code files} ({@link FileAdmissionPolicies}, the default) or {@code cluster} ({@link
 * ClusterAdmissionPolicies}: ValidatingPolicy custom resources watched through the API server).
 */
public interface AdmissionPolicies {

  /**
   * One consistent generation: policies with the params and Namespaces they were loaded with, and
   * the revision of the sources (the same one ext_authz decisions carry when both doors share one
   * engine under {@code serve}).
   */
  record Active(CompiledAdmissionSet set, AdmissionContext context, String revision) {

    /** The admission part of an engine's snapshot, which must hold admission policies. */
    static Active of(PolicySnapshot snapshot) {
      return new Active(
          snapshot.admission().orElseThrow(), snapshot.admissionContext(), snapshot.revision());
    }
  }

  /** The active generation; never null once the bean exists. */
  Active current();
}
