package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The spec of a {@link ValidatingPolicyBinding}: that of ValidatingAdmissionPolicyBinding v1. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValidatingPolicyBindingSpec {

  @Required public String policyName;

  public ParamRef paramRef;

  public ValidatingPolicySpec.MatchResources matchResources;

  @Required public List<String> validationActions;

  /** Which params (of the policy's paramKind) to evaluate with: by name or by selector. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ParamRef {
    public String name;
    public String namespace;
    public ValidatingPolicySpec.LabelSelector selector;

    @Required
    @Pattern("^(Allow|Deny)$")
    public String parameterNotFoundAction;
  }
}
