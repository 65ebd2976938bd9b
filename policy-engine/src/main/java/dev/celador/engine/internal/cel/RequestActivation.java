package dev.celador.engine.internal.cel;

import dev.cel.runtime.CelVariableResolver;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.internal.jwt.VerifiedJwt;
import java.time.Instant;
import java.util.Optional;

/**
 * Binds the CEL variables of one request. Each top-level struct is built the first time an
 * expression reads it and then shared by every rule of the evaluation; not thread-safe, one per
 * request.
 */
public final class RequestActivation implements CelVariableResolver {

  private final AuthzRequest request;
  private final Instant now;
  private RequestStruct requestStruct;
  private PeerStruct source;
  private PeerStruct destination;
  private ConnectionStruct connection;
  private Object metadata;
  private Object raw;
  private final JwtStruct jwt;

  public RequestActivation(AuthzRequest request, Instant now) {
    this(request, now, null);
  }

  /**
   * @param jwt the token verified for this request, or null when there is none
   */
  public RequestActivation(AuthzRequest request, Instant now, VerifiedJwt jwt) {
    this.request = request;
    this.now = now;
    this.jwt = JwtStruct.of(jwt);
  }

  public AuthzRequest request() {
    return request;
  }

  @Override
  public Optional<Object> find(String name) {
    return Optional.ofNullable(resolve(name));
  }

  /** The value of a top-level variable, or null if there is no such variable. */
  public Object resolve(String name) {
    switch (name) {
      case "request":
        if (requestStruct == null) {
          requestStruct = new RequestStruct(request.request(), now);
        }
        return requestStruct;
      case "source":
        if (source == null) {
          source = new PeerStruct(request.source());
        }
        return source;
      case "destination":
        if (destination == null) {
          destination = new PeerStruct(request.destination());
        }
        return destination;
      case "connection":
        if (connection == null) {
          connection = new ConnectionStruct(request);
        }
        return connection;
      case "context":
        return request.context();
      case "jwt":
        return jwt;
      case "metadata":
        if (metadata == null) {
          metadata = JsonValues.toCel(request.metadata());
        }
        return metadata;
      case "object":
        if (raw == null) {
          raw = JsonValues.toCel(request.raw());
        }
        return raw;
      default:
        return null;
    }
  }
}
