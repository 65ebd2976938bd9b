package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * Splits and decodes a compact JWS strictly, before any key is touched: size cap, exactly three
 * base64url parts (no padding, no stray characters), JSON without duplicate keys or deep nesting
 * (nimbus-jose-jwt rejects both), no {@code alg: none}, no critical header parameters. Stateless
 * and thread-safe.
 */
final class TokenParser {

  /** Tokens longer than this are rejected unread (16 KiB, beyond any sane header). */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;

  /** We understand no extension header, so any {@code crit} entry makes a token unusable. */
  private static final Set<String> UNDERSTOOD_CRITICAL = Set.of();

  public ParsedToken parse(String token) throws JwtRejection {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new JwtRejection(
          JwtFailure.TOO_LARGE, "token longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0) {
      throw new JwtRejection(JwtFailure.MALFORMED, "not a compact JWS: expected three parts");
    }
    if (token.indexOf('.', second + 1) >= 0) {
      throw new JwtRejection(
          JwtFailure.MALFORMED, "not a compact JWS: more than three parts (JWE is not accepted)");
    }
    checkBase64Url(token, 0, first, "header");
    checkBase64Url(token, first + 1, second, "payload");
    checkBase64Url(token, second + 1, token.length(), "signature");
    if (first == 0 || second == first + 1) {
      throw new JwtRejection(JwtFailure.MALFORMED, "empty header or payload");
    }
    Base64URL headerPart = new Base64URL(token.substring(0, first));
    JWSHeader header = header(headerPart);
    Map<String, Object> claims = claims(new Base64URL(token.substring(first + 1, second)));
    Object iss = claims.get("iss");
    if (!(iss instanceof String issuer)) {
      throw new JwtRejection(JwtFailure.UNKNOWN_ISSUER, "token has no iss claim");
    }
    byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
    return new ParsedToken(
        header, signingInput, new Base64URL(token.substring(second + 1)), claims, issuer);
  }

  private static JWSHeader header(Base64URL part) throws JwtRejection {
    Map<String, Object> json = jsonObject(part, "header is not a JSON object");
    Object alg = json.get("alg");
    if (!(alg instanceof String name)) {
      throw new JwtRejection(JwtFailure.MALFORMED, "header has no alg");
    }
    if (name.equalsIgnoreCase("none")) {
      throw new JwtRejection(
          JwtFailure.ALGORITHM_NOT_ALLOWED, "unsigned token (alg none) is never accepted");
    }
    JWSHeader header;
    try {
      header = JWSHeader.parse(json, part);
    } catch (ParseException e) {
      throw new JwtRejection(JwtFailure.MALFORMED, "header is not a valid JWS header");
    }
    Set<String> critical = header.getCriticalParams();
    if (critical != null && !UNDERSTOOD_CRITICAL.containsAll(critical)) {
      throw new JwtRejection(
          JwtFailure.MALFORMED, "header marks parameters critical that are not understood");
    }
    return header;
  }

  private static Map<String, Object> claims(Base64URL part) throws JwtRejection {
    // Duplicate keys and nesting beyond the parser's limit are refused here as well.
    return jsonObject(part, "payload is not a valid JSON object");
  }

  /**
   * The part as a JSON object, or a MALFORMED rejection with {@code refusal}. The parser answers
   * the literal {@code null} with no object and no error: a token whose payload was "null" reached
   * the claims as null and failed with a NullPointerException (found by fuzzing).
   */
  private static Map<String, Object> jsonObject(Base64URL part, String refusal)
      throws JwtRejection {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(part.decodeToString());
    } catch (ParseException e) {
      throw new JwtRejection(JwtFailure.MALFORMED, refusal);
    }
    if (json == null) {
      throw new JwtRejection(JwtFailure.MALFORMED, refusal);
    }
    return json;
  }

  /** Base64url without padding: only A-Z a-z 0-9 - _, and a length no encoding produces. */
  private static void checkBase64Url(String token, int from, int to, String part)
      throws JwtRejection {
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw new JwtRejection(JwtFailure.MALFORMED, part + " is not base64url");
      }
    }
    if ((to - from) % 4 == 1) {
      throw new JwtRejection(JwtFailure.MALFORMED, part + " is not base64url");
    }
  }
}
