package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The spec of a {@link ValidatingPolicy}: that of ValidatingAdmissionPolicy v1. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValidatingPolicySpec {

  public ParamKind paramKind;

  @Required public MatchResources matchConstraints;

  public List<NamedExpression> matchConditions;

  public List<NamedExpression> variables;

  public List<Validation> validations;

  public List<AuditAnnotation> auditAnnotations;

  @Pattern("^(Fail|Ignore)$")
  public String failurePolicy;

  /** The kind of the objects bindings name as params. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ParamKind {
    @Required public String apiVersion;
    @Required public String kind;
  }

  /** Which requests a policy or binding applies to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MatchResources {
    public LabelSelector namespaceSelector;
    public LabelSelector objectSelector;
    public List<ResourceRule> resourceRules;
    public List<ResourceRule> excludeResourceRules;

    @Pattern("^(Equivalent|Exact)$")
    public String matchPolicy;
  }

  /** Operations on resources, as in admission rules. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceRule {
    public List<String> apiGroups;
    public List<String> apiVersions;
    public List<String> resources;
    public List<String> operations;

    @Pattern("^(Cluster|Namespaced|\\*)$")
    public String scope;

    public List<String> resourceNames;
  }

  /** A Kubernetes label selector. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LabelSelector {
    public java.util.Map<String, String> matchLabels;
    public List<Requirement> matchExpressions;
  }

  /** One requirement of a label selector. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Requirement {
    @Required public String key;

    @Required
    @Pattern("^(In|NotIn|Exists|DoesNotExist)$")
    public String operator;

    public List<String> values;
  }

  /** A named CEL expression: a match condition or a variable. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NamedExpression {
    @Required public String name;
    @Required public String expression;
  }

  /** A CEL check that must hold, and what to say when it does not. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Validation {
    @Required public String expression;
    public String message;

    @JsonPropertyDescription("CEL (string) for the message; falls back to message.")
    public String messageExpression;

    @Pattern("^(Unauthorized|Forbidden|Invalid|RequestEntityTooLarge)$")
    public String reason;
  }

  /** A CEL value recorded in the audit log under key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AuditAnnotation {
    @Required public String key;
    @Required public String valueExpression;
  }
}
