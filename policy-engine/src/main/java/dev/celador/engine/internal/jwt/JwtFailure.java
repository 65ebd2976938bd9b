package dev.celador.engine.internal.jwt;

import java.util.Locale;

/**
 * Why a token was not accepted. The description is what a client sees in {@code WWW-Authenticate:
 * Bearer error="invalid_token", error_description="..."}; it never quotes the token.
 */
public enum JwtFailure {
  /** No token where a policy requires one (RFC 6750: no {@code error} attribute). */
  MISSING("token missing"),
  TOO_LARGE("token too large"),
  MALFORMED("token malformed"),
  ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
  UNKNOWN_ISSUER("unknown issuer"),
  UNKNOWN_KEY("unknown signing key"),
  BAD_SIGNATURE("bad signature"),
  EXPIRED("token expired"),
  NOT_YET_VALID("token not yet valid"),
  LIFETIME_TOO_LONG("token lifetime too long"),
  WRONG_AUDIENCE("wrong audience");

  private final String description;

  JwtFailure(String description) {
    this.description = description;
  }

  /** A short, fixed phrase safe to send to clients. */
  public String description() {
    return description;
  }

  /** A stable snake_case code for decision logs and metrics, e.g. {@code unknown_key}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
