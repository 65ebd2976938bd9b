package dev.celador.engine.internal.eval;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.internal.model.Target;
import java.util.List;
import java.util.Map;

/** Tests whether a policy's {@link Target} selects a request. Immutable. */
public record TargetMatcher(Target target) {

  public boolean matches(AuthzRequest request) {
    if (!target.principals().isEmpty()
        && !target.principals().contains(request.destination().principal())) {
      return false;
    }
    if (!target.namespaces().isEmpty()
        && !target.namespaces().contains(request.destination().namespace())) {
      return false;
    }
    if (!target.serviceAccounts().isEmpty()
        && !target.serviceAccounts().contains(request.destination().serviceAccount())) {
      return false;
    }
    if (!target.hosts().isEmpty()
        && !hostMatches(target.hosts(), request.request().hostWithoutPort())) {
      return false;
    }
    for (Map.Entry<String, String> e : target.contextExtensions().entrySet()) {
      if (!e.getValue().equals(request.context().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  static boolean hostMatches(List<String> patterns, String host) {
    for (String pattern : patterns) {
      if (pattern.startsWith("*.")
          ? host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1
          : pattern.equals(host)) {
        return true;
      }
    }
    return false;
  }
}
