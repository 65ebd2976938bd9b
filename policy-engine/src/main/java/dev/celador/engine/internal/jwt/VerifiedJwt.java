package dev.celador.engine.internal.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token whose signature and claims were verified; what CEL sees as {@code jwt}.
 *
 * @param claims every claim, as CEL values (strings, longs, doubles, booleans, lists, maps, null)
 * @param audiences {@code aud} as a list, whether the token had a string or a list
 * @param scopes {@code scope} split on spaces, or the {@code scp} list
 * @param expiresAt the token's {@code exp}
 */
public record VerifiedJwt(
    String issuer,
    String subject,
    List<String> audiences,
    List<String> scopes,
    Map<String, Object> claims,
    Instant expiresAt) {

  public VerifiedJwt {
    audiences = List.copyOf(audiences);
    scopes = List.copyOf(scopes);
    claims = Map.copyOf(claims);
  }
}
