package dev.celador.engine.internal.cel.k8s;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import java.util.List;

/**
 * The builder chain of the {@code authorizer} variable: {@code authorizer} itself, {@code
 * .path(p)}, {@code .group(g)}, {@code .resource(r)} and the resource refinements. Immutable: each
 * call returns a new step, so one expression can branch from a shared prefix.
 */
@Immutable
public final class AuthzCheck extends OpaqueValue {

  private final OpaqueType type;

  @SuppressWarnings("Immutable") // backends are thread-safe services
  private final AuthorizationBackend backend;

  private final String user;
  private final ImmutableList<String> groups;
  private final String path;
  private final String apiGroup;
  private final String resource;
  private final String subresource;
  private final String namespace;
  private final String name;
  private final String fieldSelector;
  private final String labelSelector;

  private AuthzCheck(
      OpaqueType type,
      AuthorizationBackend backend,
      String user,
      List<String> groups,
      String... parts) {
    this.type = type;
    this.backend = backend;
    this.user = user;
    this.groups = ImmutableList.copyOf(groups);
    this.path = parts[0];
    this.apiGroup = parts[1];
    this.resource = parts[2];
    this.subresource = parts[3];
    this.namespace = parts[4];
    this.name = parts[5];
    this.fieldSelector = parts[6];
    this.labelSelector = parts[7];
  }

  /** The {@code authorizer} variable for a request made by {@code user}. */
  public static AuthzCheck authorizer(
      AuthorizationBackend backend, String user, List<String> groups) {
    return new AuthzCheck(
        KubeTypes.AUTHORIZER, backend, user, groups, "", "", "", "", "", "", "", "");
  }

  /** {@code authorizer.requestResource}: a resource check prefilled from the request. */
  public AuthzCheck requestResource(
      String group, String resource, String subresource, String namespace, String name) {
    return new AuthzCheck(
        KubeTypes.RESOURCE_CHECK,
        backend,
        user,
        groups,
        "",
        group,
        resource,
        subresource,
        namespace,
        name,
        "",
        "");
  }

  private AuthzCheck with(OpaqueType newType, int index, String value) {
    String[] parts = {
      path, apiGroup, resource, subresource, namespace, name, fieldSelector, labelSelector
    };
    parts[index] = value;
    return new AuthzCheck(newType, backend, user, groups, parts);
  }

  AuthzCheck serviceAccount(String saNamespace, String saName) {
    return new AuthzCheck(
        KubeTypes.AUTHORIZER,
        backend,
        "system:serviceaccount:" + saNamespace + ":" + saName,
        List.of("system:serviceaccounts", "system:serviceaccounts:" + saNamespace),
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "");
  }

  AuthzCheck path(String value) {
    return with(KubeTypes.PATH_CHECK, 0, value);
  }

  AuthzCheck group(String value) {
    return with(KubeTypes.GROUP_CHECK, 1, value);
  }

  AuthzCheck resource(String value) {
    return with(KubeTypes.RESOURCE_CHECK, 2, value);
  }

  AuthzCheck subresource(String value) {
    return with(KubeTypes.RESOURCE_CHECK, 3, value);
  }

  AuthzCheck namespace(String value) {
    return with(KubeTypes.RESOURCE_CHECK, 4, value);
  }

  AuthzCheck name(String value) {
    return with(KubeTypes.RESOURCE_CHECK, 5, value);
  }

  AuthzCheck fieldSelector(String value) {
    return with(KubeTypes.RESOURCE_CHECK, 6, value);
  }

  AuthzCheck labelSelector(String value) {
    return with(KubeTypes.RESOURCE_CHECK, 7, value);
  }

  AuthzDecision check(String verb) {
    AuthzAttributes attributes =
        new AuthzAttributes(
            user,
            groups,
            verb,
            path,
            apiGroup,
            resource,
            subresource,
            namespace,
            name,
            fieldSelector,
            labelSelector);
    try {
      return backend.authorize(attributes);
    } catch (RuntimeException e) {
      return new AuthzDecision(
          AuthzDecision.Verdict.NO_OPINION, "", String.valueOf(e.getMessage()));
    }
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return type;
  }

  @Override
  public String toString() {
    return type.name() + "(" + user + " " + apiGroup + "/" + resource + path + ")";
  }
}
