package dev.celador.engine.internal.model;

/**
 * Where a bearer token may be found on a request.
 *
 * @param name header name (lower case), cookie name or query parameter name
 * @param prefix text before the token in a header value, e.g. {@code "Bearer "}; "" otherwise.
 *     Compared case-insensitively, as RFC 6750 schemes are.
 */
public record TokenLocation(Kind kind, String name, String prefix) {

  /** The kind of place a token is carried in. */
  public enum Kind {
    HEADER,
    COOKIE,
    PARAM
  }

  /** {@code Authorization: Bearer <token>}, the default when a policy names no location. */
  public static final TokenLocation AUTHORIZATION_BEARER =
      new TokenLocation(Kind.HEADER, "authorization", "Bearer ");
}
