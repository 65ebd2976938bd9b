package dev.celador.cluster.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Binds a {@link ValidatingPolicy} to resources and params, with the spec of a
 * ValidatingAdmissionPolicyBinding. Cluster-scoped, as ValidatingAdmissionPolicyBinding is.
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
public class ValidatingPolicyBinding
    extends CustomResource<ValidatingPolicyBindingSpec, PolicyStatus> {}
