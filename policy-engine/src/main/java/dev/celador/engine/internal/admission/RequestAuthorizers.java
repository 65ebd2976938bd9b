package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.k8s.AuthzCheck;

/**
 * The {@code authorizer} and {@code authorizer.requestResource} CEL values of one request: the
 * requesting user's checks against the context's authorizer, the second one already narrowed to the
 * request's resource, subresource, namespace and name.
 */
record RequestAuthorizers(AuthzCheck authorizer, AuthzCheck requestResource) {

  static RequestAuthorizers of(AdmissionRequest request, AdmissionContext context) {
    AuthzCheck authorizer =
        AuthzCheck.authorizer(
            context.authorizer(), request.userInfo().username(), request.userInfo().groups());
    return new RequestAuthorizers(
        authorizer,
        authorizer.requestResource(
            request.resource().group(),
            request.resource().resource(),
            request.subResource(),
            request.namespace(),
            request.name()));
  }
}
