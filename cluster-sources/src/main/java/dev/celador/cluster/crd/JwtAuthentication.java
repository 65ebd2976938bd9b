package dev.celador.cluster.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Which token issuers, keys and audiences the services a target selects trust. */
@Group(CeladorGroup.NAME)
@Version(CeladorGroup.VERSION)
public class JwtAuthentication extends CustomResource<JwtAuthenticationSpec, Void>
    implements Namespaced {}
