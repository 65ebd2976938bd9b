package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.ValidatingPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds the params of a binding, as kube-apiserver's {@code CollectParams}: none (one evaluation
 * with {@code params} null) without paramKind or paramRef; else the objects of paramKind named or
 * selected, in the binding's namespace or, when unset, the request's (or cluster-wide).
 */
final class ParamCollector {

  /** The params to evaluate with (null entries mean "no params"), or a configuration error. */
  record Params(List<Object> values, String error) {}

  private ParamCollector() {}

  static Params collect(
      ValidatingPolicy policy,
      PolicyBinding binding,
      AdmissionRequest request,
      AdmissionContext context) {
    return collect(policy.paramKind(), binding.paramRef(), request, context);
  }

  /** The params of a policy's {@code paramKind} that a binding's {@code ref} names or selects. */
  static Params collect(
      ValidatingPolicy.ParamKind paramKind,
      PolicyBinding.ParamRef ref,
      AdmissionRequest request,
      AdmissionContext context) {
    List<Object> none = new ArrayList<>();
    none.add(null);
    if (paramKind == null || ref == null) {
      return new Params(none, null);
    }
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> param : context.params()) {
      Map<String, Object> metadata = ObjectMaps.map(param.get("metadata"));
      String namespace = String.valueOf(metadata.getOrDefault("namespace", ""));
      if (!paramKind.apiVersion().equals(param.get("apiVersion"))
          || !paramKind.kind().equals(param.get("kind"))) {
        continue;
      }
      boolean namespaceOk =
          ref.namespace() != null
              ? ref.namespace().equals(namespace)
              : namespace.isEmpty() || namespace.equals(request.namespace());
      if (!namespaceOk) {
        continue;
      }
      if (ref.name() != null
          ? ref.name().equals(metadata.get("name"))
          : ref.selector().matches(ObjectMaps.labels(param))) {
        found.add(param);
      }
    }
    found.sort(
        Comparator.comparing(p -> String.valueOf(ObjectMaps.map(p.get("metadata")).get("name"))));
    if (found.isEmpty()) {
      if ("Deny".equals(ref.parameterNotFoundAction())) {
        return new Params(
            List.of(), "no params found for policy binding with `Deny` parameterNotFoundAction");
      }
      return new Params(List.of(), null);
    }
    return new Params(new ArrayList<>(found), null);
  }
}
