package dev.celador.cluster.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The spec of a {@link JwtAuthentication}. The validation settings (audiences, algorithms,
 * clockSkew, maxLifetime) apply to every issuer unless an issuer sets its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JwtAuthenticationSpec extends JwtSettings {

  public Target target;

  @Required
  @Size(min = 1)
  public List<Issuer> issuers;

  @JsonPropertyDescription("Headers that may carry the token; default: Authorization: Bearer.")
  public List<TokenHeader> fromHeaders;

  public List<String> fromCookies;

  public List<String> fromParams;

  @JsonPropertyDescription("Reject requests without a token (401).")
  public Boolean required;

  public List<ClaimToHeader> forwardClaims;

  public Boolean forwardOriginalToken;

  /** One trusted issuer and its key source (exactly one of the key fields). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Issuer extends JwtSettings {
    @Required
    @JsonPropertyDescription("The token's iss claim.")
    public String issuer;

    public String jwksUri;

    @JsonPropertyDescription("Read jwks_uri from the issuer's OpenID discovery document.")
    public Boolean discovery;

    @JsonPropertyDescription("An inline JSON Web Key Set.")
    public String jwks;

    public String jwksFile;

    @JsonPropertyDescription("A file holding an HMAC secret (HS256/384/512 only).")
    public String secretFile;

    @JsonPropertyDescription(
        "With discovery: hosts besides the issuer's own that jwks_uri may name (no port).")
    public List<String> jwksHosts;

    @JsonPropertyDescription(
        "Accept keys over plain http from a host that is not loopback (they can be replaced in"
            + " transit).")
    public Boolean allowInsecureHttp;
  }

  /** A header that may carry the token, and the prefix before it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TokenHeader {
    @Required public String name;
    public String prefix;
  }

  /** A claim sent upstream in a header. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ClaimToHeader {
    @Required public String claim;
    @Required public String header;
  }
}
