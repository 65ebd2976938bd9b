package dev.celador.cluster.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Request limits keyed by a CEL expression for the services a target selects. */
@Group(CeladorGroup.NAME)
@Version(CeladorGroup.VERSION)
public class RateLimitPolicy extends CustomResource<RateLimitPolicySpec, Void>
    implements Namespaced {}
