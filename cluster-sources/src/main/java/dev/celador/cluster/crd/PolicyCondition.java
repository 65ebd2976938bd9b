package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One condition of a {@link PolicyStatus}, shaped like Kubernetes' own metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyCondition {

  @Required
  @JsonPropertyDescription("Condition type, e.g. Ready.")
  public String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("CamelCase reason: Accepted or Invalid.")
  public String reason;

  @JsonPropertyDescription("Human-readable detail: every problem, at its field.")
  public String message;

  @JsonPropertyDescription("The metadata.generation this condition was judged at.")
  public Long observedGeneration;

  @JsonPropertyDescription("When status last changed (RFC 3339).")
  public String lastTransitionTime;
}
