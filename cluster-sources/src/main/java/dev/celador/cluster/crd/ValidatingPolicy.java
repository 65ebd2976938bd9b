package dev.celador.cluster.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An admission policy with the spec of a ValidatingAdmissionPolicy, enforced by Celador's webhook
 * rather than by the API server. Cluster-scoped, as ValidatingAdmissionPolicy is.
 */
@Group(CeladorGroup.NAME)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PolicyStatus.READY_PATH,
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@Version(CeladorGroup.VERSION)
public class ValidatingPolicy extends CustomResource<ValidatingPolicySpec, PolicyStatus> {}
