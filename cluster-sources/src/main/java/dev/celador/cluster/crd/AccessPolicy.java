package dev.celador.cluster.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** ALLOW / DENY / AUDIT rules with CEL conditions for the services a target selects. */
@Group(CeladorGroup.NAME)
@Version(CeladorGroup.VERSION)
public class AccessPolicy extends CustomResource<AccessPolicySpec, Void> implements Namespaced {}
