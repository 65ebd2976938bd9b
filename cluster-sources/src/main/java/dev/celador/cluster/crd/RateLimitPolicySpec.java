package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The spec of a {@link RateLimitPolicy}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimitPolicySpec {

  public Target target;

  @Required
  @Size(min = 1)
  public List<Limit> limits;

  @Pattern("^(Fail|Ignore)$")
  public String failurePolicy;

  @JsonPropertyDescription("Send RateLimit headers on allowed requests too.")
  public Boolean headersOnAllow;

  /** One limit: at most rate.requests per rate.period for each value of key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Limit {
    @Required
    @JsonPropertyDescription("A DNS label, unique within the policy.")
    public String name;

    @Required
    @JsonPropertyDescription("CEL expression (string) naming the bucket, e.g. source.principal.")
    public String key;

    @JsonPropertyDescription("CEL condition; the limit applies only where it holds.")
    public String when;

    @Required public Rate rate;

    @Min(1)
    @JsonPropertyDescription("Requests admitted at once after a quiet spell; default: requests.")
    public Long burst;

    @JsonPropertyDescription("Count and log, never enforce.")
    public Boolean shadow;

    @Pattern("^(local|redis)$")
    public String backend;

    @Pattern("^(open|closed)$")
    public String failureMode;
  }

  /** Requests per period. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rate {
    @Required
    @Min(1)
    public Long requests;

    @Required
    @JsonPropertyDescription("A duration such as 1s, 1m, 1h or 1d.")
    public String period;
  }
}
