package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Which requests an HTTP policy applies to; every field set must match. No target: everything. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Target {

  @JsonPropertyDescription("Request hosts (authority); a leading '*.' matches any subdomain.")
  public List<String> hosts;

  @JsonPropertyDescription("Namespaces of the destination workload.")
  public List<String> namespaces;

  @JsonPropertyDescription("Service accounts of the destination workload.")
  public List<String> serviceAccounts;

  @JsonPropertyDescription("SPIFFE IDs of the destination workload.")
  public List<String> principals;

  @JsonPropertyDescription("Context extensions the route must carry, name to exact value.")
  public Map<String, String> contextExtensions;
}
