package dev.celador.engine.internal.cel.k8s;

/**
 * Answers authorization checks of the {@code authorizer} CEL variable: declared answers offline
 * ({@link DeclaredAuthorizer}), a SubjectAccessReview against the API server in a cluster.
 */
public interface AuthorizationBackend {

  AuthzDecision authorize(AuthzAttributes attributes);
}
