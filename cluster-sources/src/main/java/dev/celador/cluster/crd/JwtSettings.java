package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Token validation settings a JwtAuthentication sets for all issuers and an issuer may override.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JwtSettings {

  @JsonPropertyDescription("Accepted aud values; [\"*\"] accepts any.")
  public List<String> audiences;

  @JsonPropertyDescription("Accepted signature algorithms, e.g. RS256, ES256.")
  public List<String> algorithms;

  @JsonPropertyDescription("Tolerated clock difference, a duration such as 60s.")
  public String clockSkew;

  @JsonPropertyDescription("Longest accepted exp - iat, a duration such as 24h.")
  public String maxLifetime;
}
