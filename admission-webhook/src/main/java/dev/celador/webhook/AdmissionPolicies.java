package dev.celador.webhook;

import dev.celador.engine.admission.AdmissionContext;
import dev.celador.engine.admission.CompiledAdmissionSet;

/**
 * Where the webhook's admission policies come from, chosen by {@code celador.webhook.source}:
 * {@code files} ({@link FileAdmissionPolicies}, the default) or {@code cluster} ({@link
 * ClusterAdmissionPolicies}: ValidatingPolicy custom resources watched through the API server).
 */
public interface AdmissionPolicies {

  /** One consistent generation: policies with the params and Namespaces they were loaded with. */
  record Active(CompiledAdmissionSet set, AdmissionContext context) {}

  /** The active generation; never null once the bean exists. */
  Active current();
}
