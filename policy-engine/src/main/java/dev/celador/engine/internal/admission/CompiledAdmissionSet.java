package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.JsonValues;
import dev.celador.engine.internal.cel.k8s.AuthzCheck;
import dev.celador.engine.internal.json.JsonText;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.ValidatingPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The admission policies and bindings of one load, immutable. {@link #evaluate} dispatches a
 * request as kube-apiserver's ValidatingAdmissionPolicy plugin does: every matching policy and
 * binding, once per param, every validation; then the first denial, in the API server's words.
 */
public final class CompiledAdmissionSet {

  static final String VALIDATION_FAILURE_KEY =
      "validation.policy.admission.k8s.io/validation_failure";

  private final List<CompiledAdmissionPolicy> policies;
  private final Map<String, List<PolicyBinding>> bindingsByPolicy = new HashMap<>();
  private final int variableChains;
  private final String revision;
  private final MutatingPolicies mutating;
  private final MutationConditionTrace mutationConditions;

  CompiledAdmissionSet(
      List<CompiledAdmissionPolicy> policies,
      List<PolicyBinding> bindings,
      int variableChains,
      String revision) {
    this(
        policies,
        bindings,
        variableChains,
        revision,
        MutatingPolicies.NONE,
        MutationConditionTrace.NONE);
  }

  CompiledAdmissionSet(
      List<CompiledAdmissionPolicy> policies,
      List<PolicyBinding> bindings,
      int variableChains,
      String revision,
      MutatingPolicies mutating,
      MutationConditionTrace mutationConditions) {
    this.mutating = mutating;
    this.mutationConditions = mutationConditions;
    this.policies = List.copyOf(policies);
    this.variableChains = variableChains;
    this.revision = revision;
    // In binding order, as evaluate used to find them by scanning every binding for every policy.
    for (PolicyBinding binding : bindings) {
      bindingsByPolicy.computeIfAbsent(binding.policyName(), k -> new ArrayList<>()).add(binding);
    }
  }

  /** The revision of the sources this set was compiled from ({@code PolicyRevision}), or "". */
  public String revision() {
    return revision;
  }

  public int policyCount() {
    return policies.size() + mutating.size();
  }

  /** The mutating admission policies as written, by name. */
  public List<MutatingPolicy> mutatingPolicies() {
    return mutating.policies();
  }

  /**
   * What the mutating admission policies do to {@code request}'s object, as kube-apiserver's
   * MutatingAdmissionPolicy plugin would (before any validating policy sees it).
   */
  public MutationResult mutate(AdmissionRequest request, AdmissionContext context) {
    return mutating.mutate(request, context);
  }

  /**
   * {@link #mutate}, with the request validation then judges: the mutated object, as kube-apiserver
   * runs validating admission after mutating admission. What {@code eval}, {@code apply} and {@code
   * test} share.
   */
  public MutatedRequest mutateForValidation(AdmissionRequest request, AdmissionContext context) {
    MutationResult result = mutate(request, context);
    return new MutatedRequest(
        result, result.allowed() ? request.withObject(result.object()) : request);
  }

  /**
   * The match conditions of mutating policies that were false while {@code mutated} was made from
   * {@code request}: what test coverage counts them by.
   */
  public Set<MutationConditionTrace.Condition> falseMutationConditions(
      AdmissionRequest request, MutatedRequest mutated, AdmissionContext context) {
    return mutationConditions.falseConditions(request, mutated.mutation(), context);
  }

  /** The policies as written, by name: what test coverage counts validations of. */
  public List<ValidatingPolicy> policies() {
    return policies.stream().map(CompiledAdmissionPolicy::policy).toList();
  }

  /** A denial with the policy and binding it came from. */
  private record Denial(String policy, String binding, String message, String reason) {}

  public AdmissionDecision evaluate(AdmissionRequest request, AdmissionContext context) {
    return evaluate(request, context, validation -> {});
  }

  /**
   * As {@link #evaluate(AdmissionRequest, AdmissionContext)}, telling {@code tracer} about every
   * validation that ran and whether it failed (test coverage uses this).
   */
  public AdmissionDecision evaluate(
      AdmissionRequest request, AdmissionContext context, Consumer<ValidationTrace> tracer) {
    return evaluate(request, context, tracer, null);
  }

  /**
   * Decides {@code request} as {@link #evaluate(AdmissionRequest, AdmissionContext)} does (the same
   * decision, the same walk) and says what every policy and binding made of it, matched or not: for
   * {@code eval}'s trace, {@code celador apply} and audits of stored objects.
   */
  public AdmissionReport explain(AdmissionRequest request, AdmissionContext context) {
    ReportCollector report = new ReportCollector(request, context);
    AdmissionDecision decision = evaluate(request, context, validation -> {}, report);
    return new AdmissionReport(request, decision, report.results());
  }

  /** The walk of every policy and binding; {@code report}, when not null, hears every step. */
  private AdmissionDecision evaluate(
      AdmissionRequest request,
      AdmissionContext context,
      Consumer<ValidationTrace> tracer,
      ReportCollector report) {
    List<Denial> denials = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    List<AdmissionDecision.PolicyEvaluation> evaluations = new ArrayList<>();
    Shared shared = null;
    for (CompiledAdmissionPolicy policy : policies) {
      List<PolicyBinding> bindings = bindingsByPolicy.getOrDefault(policy.name(), List.of());
      ResourceMatcher.Mismatch policyMismatch =
          ResourceMatcher.mismatch(policy.policy().matchConstraints(), true, request, context);
      if (policyMismatch != null) {
        if (report != null) {
          report.policySkipped(policy, bindings, policyMismatch);
        }
        continue;
      }
      if (report != null && bindings.isEmpty()) {
        report.unbound(policy);
      }
      boolean fail = policy.policy().failurePolicy() == FailurePolicy.FAIL;
      Map<String, List<String>> audit = new LinkedHashMap<>();
      for (PolicyBinding binding : bindings) {
        ResourceMatcher.Mismatch bindingMismatch =
            binding.matchResources() == null
                ? null
                : ResourceMatcher.mismatch(binding.matchResources(), false, request, context);
        if (bindingMismatch != null) {
          if (report != null) {
            report.bindingSkipped(policy, binding, bindingMismatch);
          }
          continue;
        }
        ParamCollector.Params params =
            ParamCollector.collect(policy.policy(), binding, request, context);
        if (params.error() != null) {
          if (report != null) {
            report.paramsError(policy, binding, params.error());
          }
          evaluations.add(
              new AdmissionDecision.PolicyEvaluation(
                  policy.name(), binding.metadata().name(), AdmissionDecision.Result.ERROR));
          if (fail) {
            denials.add(
                new Denial(
                    policy.name(),
                    binding.metadata().name(),
                    "failed to configure binding: " + params.error(),
                    ""));
          }
          continue;
        }
        AdmissionDecision.Result summary = AdmissionDecision.Result.SKIP;
        if (shared == null) {
          shared = Shared.of(request, context, variableChains);
        }
        AdmissionRequest matched =
            ResourceMatcher.asMatched(policy.policy().matchConstraints(), request);
        Shared inputs = matched == request ? shared : Shared.of(matched, context, variableChains);
        for (Object param : params.values()) {
          var result = PolicyEvaluator.evaluate(policy, inputs.activation(param));
          trace(policy, binding, result, tracer);
          if (report != null) {
            report.evaluated(policy, binding, param, result);
          }
          dispatch(policy, binding, result, request, denials, warnings, annotations);
          summary = AdmissionDecision.Result.worse(summary, summarize(result, binding));
          for (PolicyEvaluator.Audit a : result.audits()) {
            if (a.key() == null) {
              summary = AdmissionDecision.Result.ERROR;
              denials.add(new Denial(policy.name(), binding.metadata().name(), a.value(), ""));
            } else {
              List<String> values = audit.computeIfAbsent(a.key(), k -> new ArrayList<>());
              if (!values.contains(a.value())) {
                values.add(a.value());
              }
            }
          }
        }
        evaluations.add(
            new AdmissionDecision.PolicyEvaluation(
                policy.name(), binding.metadata().name(), summary));
        if (report != null) {
          report.bindingDone(policy, binding, summary);
        }
      }
      audit.forEach(
          (key, values) ->
              annotations.putIfAbsent(policy.name() + "/" + key, String.join(", ", values)));
    }
    if (denials.isEmpty()) {
      return new AdmissionDecision(true, 200, "", "", warnings, annotations, evaluations);
    }
    Denial first = denials.get(0);
    String reason = first.reason().isEmpty() ? "Invalid" : first.reason();
    String message =
        "ValidatingAdmissionPolicy '"
            + first.policy()
            + "' with binding '"
            + first.binding()
            + "' denied request: "
            + first.message();
    return new AdmissionDecision(
        false, codeFor(reason), reason, message, warnings, annotations, evaluations);
  }

  /** What one evaluation amounts to, for metrics: see {@link AdmissionDecision.Result}. */
  private static AdmissionDecision.Result summarize(
      PolicyEvaluator.Result result, PolicyBinding binding) {
    if (result.isSkipped()) {
      return AdmissionDecision.Result.SKIP;
    }
    AdmissionDecision.Result summary = AdmissionDecision.Result.ALLOW;
    for (PolicyEvaluator.Outcome o : result.outcomes()) {
      if (o.error()) {
        return AdmissionDecision.Result.ERROR;
      }
      if (o.deny()) {
        List<String> actions = binding.validationActions();
        AdmissionDecision.Result failed =
            actions.contains("Deny")
                ? AdmissionDecision.Result.DENY
                : actions.contains("Warn")
                    ? AdmissionDecision.Result.WARN
                    : AdmissionDecision.Result.AUDIT;
        summary = AdmissionDecision.Result.worse(summary, failed);
      }
    }
    return summary;
  }

  /** The validations that evaluated to true or false; errors stand for no validation. */
  private static void trace(
      CompiledAdmissionPolicy policy,
      PolicyBinding binding,
      PolicyEvaluator.Result result,
      Consumer<ValidationTrace> tracer) {
    for (PolicyEvaluator.Outcome o : result.outcomes()) {
      if (!o.error()) {
        tracer.accept(
            new ValidationTrace(
                policy.name(),
                binding.metadata().name(),
                o.index(),
                policy.validations().get(o.index()).source().expression().location(),
                o.deny()));
      }
    }
  }

  private static void dispatch(
      CompiledAdmissionPolicy policy,
      PolicyBinding binding,
      PolicyEvaluator.Result result,
      AdmissionRequest request,
      List<Denial> denials,
      List<String> warnings,
      Map<String, String> annotations) {
    for (PolicyEvaluator.Outcome o : result.outcomes()) {
      if (!o.deny()) {
        continue;
      }
      for (String action : binding.validationActions()) {
        switch (action) {
          case "Deny" ->
              denials.add(
                  new Denial(policy.name(), binding.metadata().name(), o.message(), o.reason()));
          case "Warn" ->
              warnings.add(
                  "Validation failed for ValidatingAdmissionPolicy '"
                      + policy.name()
                      + "' with binding '"
                      + binding.metadata().name()
                      + "': "
                      + o.message());
          case "Audit" ->
              // The API server refuses to overwrite an annotation, so the first failure stays.
              annotations.putIfAbsent(VALIDATION_FAILURE_KEY, failureJson(policy, binding, o));
          default -> {}
        }
      }
    }
  }

  private static String failureJson(
      CompiledAdmissionPolicy policy, PolicyBinding binding, PolicyEvaluator.Outcome o) {
    return JsonText.compact(
        JsonText.Style.GO,
        json -> {
          json.writeStartArray();
          json.writeStartObject();
          json.writeStringProperty("message", o.message());
          json.writeStringProperty("policy", binding.policyName());
          json.writeStringProperty("binding", binding.metadata().name());
          json.writeNumberProperty("expressionIndex", o.index());
          json.writeArrayPropertyStart("validationActions");
          for (String a : binding.validationActions()) {
            json.writeString(a);
          }
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndArray();
        });
  }

  /**
   * What every evaluation of one request shares, converted to CEL values once: the objects, the
   * request and the namespace are the same for every policy, binding and param; so are the
   * variables computed without a param.
   */
  private record Shared(
      Object object,
      Object oldObject,
      MapStruct request,
      Object namespaceObject,
      AuthzCheck authorizer,
      AuthzCheck requestResource,
      SharedVariables variables) {

    static Shared of(AdmissionRequest request, AdmissionContext context, int variableChains) {
      RequestAuthorizers authorizers = RequestAuthorizers.of(request, context);
      return new Shared(
          JsonValues.toCel(request.object()),
          JsonValues.toCel(request.oldObject()),
          RequestCel.of(request),
          NamespaceObjects.forRequest(request, context),
          authorizers.authorizer(),
          authorizers.requestResource(),
          new SharedVariables(variableChains));
    }

    /** A fresh activation (variables are per evaluation) with {@code param}. */
    AdmissionActivation activation(Object param) {
      return new AdmissionActivation(
          object,
          oldObject,
          request,
          param == null ? null : JsonValues.toCel(param),
          namespaceObject,
          authorizer,
          requestResource,
          param == null ? variables : null);
    }
  }

  /** kube-apiserver's HTTP code for a denial reason; unknown reasons are 422 like Invalid. */
  private static int codeFor(String reason) {
    return switch (reason) {
      case "Unauthorized" -> 401;
      case "Forbidden" -> 403;
      case "RequestEntityTooLarge" -> 413;
      default -> 422;
    };
  }
}
