package dev.celador.cluster.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** ALLOW / DENY / AUDIT rules with CEL conditions for the services a target selects. */
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
public class AccessPolicy extends CustomResource<AccessPolicySpec, PolicyStatus>
    implements Namespaced {}
