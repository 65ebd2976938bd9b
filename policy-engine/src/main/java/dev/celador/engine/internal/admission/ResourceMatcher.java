package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.model.LabelSelector;
import dev.celador.engine.internal.model.MatchResources;
import dev.celador.engine.internal.model.MatchResources.ResourceRule;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a request falls under {@code matchConstraints} (or a binding's {@code
 * matchResources}): namespace selector, object selector (object or oldObject), resource rules with
 * their wildcards, exclude rules, and {@code matchPolicy}. Admission-policy objects themselves are
 * never matched, as in kube-apiserver.
 */
final class ResourceMatcher {

  private ResourceMatcher() {}

  /** Why a request falls outside a match, for explanations; in the order they are checked. */
  enum Mismatch {
    POLICY_OBJECT("admission policies and bindings are never matched"),
    NAMESPACE("namespaceSelector does not select the namespace"),
    OBJECT("objectSelector does not select the object"),
    RULES("no resourceRule matches"),
    EXCLUDED("an excludeResourceRule matches");

    final String text;

    Mismatch(String text) {
      this.text = text;
    }
  }

  static boolean matches(
      MatchResources match,
      boolean rulesRequired,
      AdmissionRequest request,
      AdmissionContext context) {
    return mismatch(match, rulesRequired, request, context) == null;
  }

  /** Null when {@code request} falls under {@code match}; else the first reason it does not. */
  static Mismatch mismatch(
      MatchResources match,
      boolean rulesRequired,
      AdmissionRequest request,
      AdmissionContext context) {
    if (isPolicyObject(request)) {
      return Mismatch.POLICY_OBJECT;
    }
    if (!namespaceMatches(match.namespaceSelector(), request, context)) {
      return Mismatch.NAMESPACE;
    }
    if (!objectMatches(match.objectSelector(), request)) {
      return Mismatch.OBJECT;
    }
    boolean equivalent = !"Exact".equals(match.matchPolicy());
    if (match.resourceRules().isEmpty()
        ? rulesRequired
        : !anyRule(match.resourceRules(), request, equivalent)) {
      return Mismatch.RULES;
    }
    return anyRule(match.excludeResourceRules(), request, equivalent) ? Mismatch.EXCLUDED : null;
  }

  /**
   * {@code request} as the policy sees it: when {@code match} took it only through an equivalent
   * version (matchPolicy Equivalent), its kind and resource carry the version of the rule that
   * matched, as kube-apiserver's {@code request.kind} and {@code request.resource} do; the
   * requested ones stay in requestKind and requestResource. Objects are not converted (that needs
   * the API server's schemas).
   */
  static AdmissionRequest asMatched(MatchResources match, AdmissionRequest request) {
    if ("Exact".equals(match.matchPolicy()) || anyRule(match.resourceRules(), request, false)) {
      return request;
    }
    for (ResourceRule rule : match.resourceRules()) {
      for (String version : rule.apiVersions()) {
        if (!version.equals("*") && ruleMatches(rule, request, version)) {
          AdmissionRequest.Gvk k = request.kind();
          AdmissionRequest.Gvr g = request.resource();
          return new AdmissionRequest(
              request.uid(),
              new AdmissionRequest.Gvk(k.group(), version, k.kind()),
              new AdmissionRequest.Gvr(g.group(), version, g.resource()),
              request.subResource(),
              request.requestKind(),
              request.requestResource(),
              request.requestSubResource(),
              request.name(),
              request.namespace(),
              request.operation(),
              request.userInfo(),
              request.object(),
              request.oldObject(),
              request.dryRun(),
              request.options());
        }
      }
    }
    return request;
  }

  private static boolean isPolicyObject(AdmissionRequest r) {
    return r.resource().group().equals("admissionregistration.k8s.io")
        && (r.resource().resource().equals("validatingadmissionpolicies")
            || r.resource().resource().equals("validatingadmissionpolicybindings"));
  }

  static boolean isNamespaceObject(AdmissionRequest r) {
    return r.resource().group().isEmpty()
        && r.resource().resource().equals("namespaces")
        && r.subResource().isEmpty();
  }

  private static boolean namespaceMatches(
      LabelSelector selector, AdmissionRequest request, AdmissionContext context) {
    if (selector.equals(LabelSelector.EVERYTHING)) {
      return true;
    }
    if (isNamespaceObject(request)) {
      Object self = request.object() != null ? request.object() : request.oldObject();
      return selector.matches(ObjectMaps.labels(self));
    }
    if (request.namespace().isEmpty()) {
      return true; // other cluster-scoped objects always match
    }
    Map<String, Object> namespace = context.namespaces().get(request.namespace());
    return selector.matches(ObjectMaps.labels(namespace));
  }

  private static boolean objectMatches(LabelSelector selector, AdmissionRequest request) {
    if (selector.equals(LabelSelector.EVERYTHING)) {
      return true;
    }
    return (request.object() != null && selector.matches(ObjectMaps.labels(request.object())))
        || (request.oldObject() != null
            && selector.matches(ObjectMaps.labels(request.oldObject())));
  }

  private static boolean anyRule(List<ResourceRule> rules, AdmissionRequest r, boolean equivalent) {
    for (ResourceRule rule : rules) {
      if (ruleMatches(rule, r, r.resource().version())
          || (equivalent
              && !ruleMatches(rule, r, r.resource().version())
              && versionAgnostic(rule, r))) {
        return true;
      }
    }
    return false;
  }

  /** Equivalent matching: the rule names the same group and resource in another version. */
  private static boolean versionAgnostic(ResourceRule rule, AdmissionRequest r) {
    for (String version : rule.apiVersions()) {
      if (ruleMatches(rule, r, version)) {
        return true;
      }
    }
    return false;
  }

  private static boolean ruleMatches(ResourceRule rule, AdmissionRequest r, String version) {
    return contains(rule.operations(), r.operation())
        && contains(rule.apiGroups(), r.resource().group())
        && contains(rule.apiVersions(), version)
        && resourceMatches(rule.resources(), r.resource().resource(), r.subResource())
        && scopeMatches(rule.scope(), r)
        && (rule.resourceNames().isEmpty() || rule.resourceNames().contains(r.name()));
  }

  private static boolean contains(List<String> values, String value) {
    return values.contains("*") || values.contains(value);
  }

  /**
   * kube-apiserver's rule matcher: a pattern is {@code resource[/subresource]}, each side {@code *}
   * or exact; a missing subresource matches only the main resource, and {@code pods/*} matches
   * {@code pods} itself as well as all its subresources.
   */
  private static boolean resourceMatches(List<String> patterns, String resource, String sub) {
    for (String p : patterns) {
      int slash = p.indexOf('/');
      String res = slash < 0 ? p : p.substring(0, slash);
      String subPattern = slash < 0 ? "" : p.substring(slash + 1);
      if ((res.equals("*") || res.equals(resource))
          && (subPattern.equals("*") || subPattern.equals(sub))) {
        return true;
      }
    }
    return false;
  }

  private static boolean scopeMatches(String scope, AdmissionRequest r) {
    boolean namespaced = !r.namespace().isEmpty() && !isNamespaceObject(r);
    return switch (scope) {
      case "Cluster" -> !namespaced;
      case "Namespaced" -> namespaced;
      default -> true;
    };
  }
}
