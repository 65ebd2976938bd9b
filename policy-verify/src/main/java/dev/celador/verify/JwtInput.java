package dev.celador.verify;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.internal.parse.Durations;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code jwt} field of a case's compact input: a token signed now with a suite key, or a raw
 * one, and where the request carries it.
 *
 * <pre>
 * jwt:
 *   key: test-rsa                  # a key of spec.keys; or token: "eyJ..." (sent as written)
 *   claims: {sub: alice, aud: orders-api, scope: "orders:read"}
 *   expiresIn: 1h                  # exp = now + 1h (default); iat = now; iss = the key's issuer
 *   header: authorization          # default; prefix "Bearer " there, none elsewhere unless given
 *   # or cookie: session, or param: access_token
 * </pre>
 *
 * Claims given explicitly ({@code iss}, {@code iat}, {@code exp}) win over the defaults, so a case
 * can send an expired token or one from an unknown issuer. Tokens are never printed.
 */
final class JwtInput {

  static final List<String> FIELDS =
      List.of("key", "token", "claims", "expiresIn", "header", "prefix", "cookie", "param");
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  static final String AUTHORIZATION = "authorization";
  static final String BEARER = "Bearer ";

  private final TestKeys keys;
  private final Instant now;

  JwtInput(TestKeys keys, Instant now) {
    this.keys = keys;
    this.now = now;
  }

  /** {@code request} carrying the token that {@code jwt} describes. */
  AuthzRequest apply(FieldReader jwt, AuthzRequest request) {
    jwt.rejectUnknown(FIELDS);
    String token = token(jwt);
    List<String> places = List.of("header", "cookie", "param").stream().filter(jwt::has).toList();
    if (places.size() > 1) {
      throw jwt.error(
          jwt.field(places.get(1)).orElseThrow().position(),
          "'" + jwt.path() + "' names one place for the token: header, cookie or param");
    }
    String place = places.isEmpty() ? "header" : places.get(0);
    if (jwt.has("prefix") && !place.equals("header")) {
      throw jwt.error(
          jwt.field("prefix").orElseThrow().position(),
          "'" + jwt.qualified("prefix") + "' is for a header");
    }
    HttpAttributes http = request.request();
    Map<String, String> headers = new LinkedHashMap<>(http.headers());
    String path = http.path();
    switch (place) {
      case "cookie" -> {
        String cookie = jwt.string("cookie") + "=" + token;
        headers.merge("cookie", cookie, (a, b) -> a + "; " + b);
      }
      case "param" -> {
        String param = encode(jwt.string("param")) + "=" + encode(token);
        path = path + (path.contains("?") ? "&" : "?") + param;
      }
      default -> {
        String name =
            jwt.has("header") ? jwt.string("header").toLowerCase(Locale.ROOT) : AUTHORIZATION;
        String prefix =
            jwt.has("prefix") ? jwt.string("prefix") : name.equals(AUTHORIZATION) ? BEARER : "";
        headers.put(name, prefix + token);
      }
    }
    return request.toBuilder()
        .request(http.toBuilder().path(path).headers(headers).build())
        .build();
  }

  private String token(FieldReader jwt) {
    if (jwt.has("key") == jwt.has("token")) {
      throw jwt.error(
          jwt.node().position(),
          "'" + jwt.path() + "' needs exactly one of 'key' (sign claims) or 'token' (a raw token)");
    }
    if (jwt.has("token")) {
      for (String field : List.of("claims", "expiresIn")) {
        if (jwt.has(field)) {
          throw jwt.error(
              jwt.field(field).orElseThrow().position(),
              "'" + jwt.qualified(field) + "' is for signed tokens; a raw 'token' is sent as is");
        }
      }
      return jwt.string("token");
    }
    String name = jwt.string("key");
    SigningKey key =
        keys.key(name)
            .orElseThrow(
                () ->
                    jwt.error(
                        jwt.field("key").orElseThrow().position(),
                        "unknown key '"
                            + name
                            + "'; spec.keys declares "
                            + (keys.names().isEmpty() ? "none" : String.join(", ", keys.names()))));
    Map<String, Object> claims = new LinkedHashMap<>();
    jwt.object("claims")
        .ifPresent(
            given -> given.node().members().forEach((k, m) -> claims.put(k, m.value().toPlain())));
    try {
      return key.sign(claims, now, lifetime(jwt));
    } catch (IllegalArgumentException e) {
      InputNode at = jwt.field("claims").orElse(jwt.node());
      throw jwt.error(at.position(), "cannot sign the token: " + e.getMessage());
    }
  }

  private Duration lifetime(FieldReader jwt) {
    if (!jwt.has("expiresIn")) {
      return DEFAULT_LIFETIME;
    }
    String text = jwt.string("expiresIn");
    return Durations.parse(text)
        .orElseThrow(
            () ->
                jwt.error(
                    jwt.field("expiresIn").orElseThrow().position(),
                    "'"
                        + jwt.qualified("expiresIn")
                        + "' must be a duration such as 1h or -5m (already expired), found '"
                        + text
                        + "'"));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
