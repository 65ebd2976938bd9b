package dev.celador.engine.internal.cel.k8s;

import java.util.List;

/**
 * Offline answers for the {@code authorizer} variable: the first rule whose set fields all equal
 * the check's gives the verdict; no rule means "no opinion", as an authorizer that knows nothing.
 */
public final class DeclaredAuthorizer implements AuthorizationBackend {

  /**
   * One declared answer. Null fields match anything; {@code user} also matches any of the
   * requester's groups.
   */
  public record Rule(
      String user,
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name,
      String path,
      AuthzDecision.Verdict verdict,
      String reason) {}

  private final List<Rule> rules;

  public DeclaredAuthorizer(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static DeclaredAuthorizer none() {
    return new DeclaredAuthorizer(List.of());
  }

  @Override
  public AuthzDecision authorize(AuthzAttributes a) {
    for (Rule r : rules) {
      if ((r.user() == null || r.user().equals(a.user()) || a.groups().contains(r.user()))
          && matches(r.verb(), a.verb())
          && matches(r.apiGroup(), a.apiGroup())
          && matches(r.resource(), a.resource())
          && matches(r.subresource(), a.subresource())
          && matches(r.namespace(), a.namespace())
          && matches(r.name(), a.name())
          && matches(r.path(), a.path())) {
        return new AuthzDecision(r.verdict(), r.reason(), "");
      }
    }
    return AuthzDecision.noOpinion();
  }

  private static boolean matches(String wanted, String actual) {
    return wanted == null || wanted.equals("*") || wanted.equals(actual);
  }
}
