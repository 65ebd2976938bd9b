package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * Where an issuer's verification keys come from: exactly one per issuer.
 *
 * @param value the URI, the inline JWKS JSON, or the file path, depending on {@code kind}; for
 *     discovery, the issuer URL
 * @param location the field's value, where problems with it are reported
 * @param jwksHosts for discovery, hosts besides the issuer's own that the discovery document's
 *     {@code jwks_uri} may name (lower-case, no port); empty for every other kind
 * @param allowInsecureHttp for remote kinds, whether keys may be fetched over plain http from a
 *     host that is not loopback
 */
public record KeySourceSpec(
    Kind kind,
    String value,
    SourceLocation location,
    List<String> jwksHosts,
    boolean allowInsecureHttp) {

  public KeySourceSpec {
    jwksHosts = List.copyOf(jwksHosts);
  }

  /** A key source with the default fetch rules: https off loopback, JWKS on the issuer's host. */
  public KeySourceSpec(Kind kind, String value, SourceLocation location) {
    this(kind, value, location, List.of(), false);
  }

  /** The supported key sources, by the YAML field that names them. */
  public enum Kind {
    /** {@code jwksUri}: a JWKS fetched over HTTP(S) and refreshed in the background. */
    JWKS_URI("jwksUri"),
    /** {@code discovery: true}: the JWKS URI read from the issuer's OIDC discovery document. */
    DISCOVERY("discovery"),
    /** {@code jwks}: a JWKS written inline as JSON. */
    JWKS("jwks"),
    /** {@code jwksFile}: a JWKS read from a file when the policies load. */
    JWKS_FILE("jwksFile"),
    /** {@code secretFile}: an HMAC secret (HS256/384/512) read from a file when policies load. */
    SECRET_FILE("secretFile");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    public String field() {
      return field;
    }

    /** True for sources that are fetched over the network and so can change at runtime. */
    public boolean remote() {
      return this == JWKS_URI || this == DISCOVERY;
    }
  }
}
