package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What Celador made of a policy object, written by Celador through the status subresource (so a
 * policy author cannot forge it, and writing it never bumps the object's generation).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyStatus {

  /** The Ready condition's status, for {@code kubectl get}'s READY column. */
  static final String READY_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

  @JsonPropertyDescription(
      "Conditions of the object. Ready: True when this generation compiled and is in force; False"
          + " (reason Invalid) when it was refused, the message naming each field and error. A"
          + " refused object's last good generation stays in force where one was loaded before.")
  public List<PolicyCondition> conditions;
}
