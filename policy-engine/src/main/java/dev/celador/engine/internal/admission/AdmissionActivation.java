package dev.celador.engine.internal.admission;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import dev.celador.engine.internal.cel.k8s.AuthzCheck;
import java.util.Optional;

/**
 * The CEL variables of one (policy, binding, param) evaluation. {@code variables} is set once the
 * policy's variables are known; values are shared by every expression of the evaluation.
 */
final class AdmissionActivation implements CelVariableResolver {

  private final Object object;
  private final Object oldObject;
  private final MapStruct request;
  private final Object params;
  private final Object namespaceObject;
  private final AuthzCheck authorizer;
  private final AuthzCheck requestResource;
  private final SharedVariables sharedVariables;
  private LazyVariables variables;

  /**
   * @param sharedVariables values other policies computed for the same inputs, or null
   */
  AdmissionActivation(
      Object object,
      Object oldObject,
      MapStruct request,
      Object params,
      Object namespaceObject,
      AuthzCheck authorizer,
      AuthzCheck requestResource,
      SharedVariables sharedVariables) {
    this.object = orNull(object);
    this.oldObject = orNull(oldObject);
    this.request = request;
    this.params = orNull(params);
    this.namespaceObject = orNull(namespaceObject);
    this.authorizer = authorizer;
    this.requestResource = requestResource;
    this.sharedVariables = sharedVariables;
  }

  SharedVariables sharedVariables() {
    return sharedVariables;
  }

  void setVariables(LazyVariables variables) {
    this.variables = variables;
  }

  private static Object orNull(Object value) {
    return value == null ? NullValue.NULL_VALUE : value;
  }

  @Override
  public Optional<Object> find(String name) {
    switch (name) {
      case "object":
        return Optional.of(object);
      case "oldObject":
        return Optional.of(oldObject);
      case "request":
        return Optional.of(request);
      case "params":
        return Optional.of(params);
      case "namespaceObject":
        return Optional.of(namespaceObject);
      case "variables":
        return Optional.ofNullable(variables);
      case "authorizer":
        return Optional.ofNullable(authorizer);
      case "authorizer.requestResource":
        return Optional.ofNullable(requestResource);
      default:
        return Optional.empty();
    }
  }
}
