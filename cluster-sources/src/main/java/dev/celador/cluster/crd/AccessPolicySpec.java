package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** The spec of an {@link AccessPolicy}, field for field what the engine's parser reads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessPolicySpec {

  public Target target;

  @Required
  @Pattern("^(ALLOW|DENY|AUDIT)$")
  @JsonPropertyDescription("ALLOW, DENY or AUDIT.")
  public String action;

  @JsonPropertyDescription("Evaluate and log the rules, never enforce them.")
  public Boolean dryRun;

  @Pattern("^(Fail|Ignore)$")
  @JsonPropertyDescription("What an evaluation error means: Fail (deny, default) or Ignore.")
  public String failurePolicy;

  @Required
  @Size(min = 1)
  public List<Rule> rules;

  public DenyResponse denyResponse;

  public AllowResponse allowResponse;

  /** One named CEL condition. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rule {
    @Required
    @JsonPropertyDescription("Unique within the policy; shown in decisions and metrics.")
    public String name;

    @Required
    @JsonPropertyDescription("CEL condition over request, source, destination, jwt, context.")
    public String when;
  }

  /** The response sent when this policy denies. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DenyResponse {
    @Min(400)
    @Max(599)
    public Integer status;

    public String message;
  }

  /** Headers added upstream when the request is allowed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AllowResponse {
    @JsonPropertyDescription("Header name to a CEL expression giving its value.")
    public Map<String, String> headers;
  }
}
