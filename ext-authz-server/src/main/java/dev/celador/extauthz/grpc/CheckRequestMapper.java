package dev.celador.extauthz.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.extauthz.InvalidRequestException;

/**
 * Envoy's {@code CheckRequest} → the engine's {@link AuthzRequest} (DESIGN.md §2 vocabulary).
 * Header names are lower-cased and repeated names joined with ","; {@code request.path} keeps the
 * query, as Envoy sends it; the raw request ({@code object}) and filter metadata are built only
 * when a policy reads them. Works on the message's wire bytes ({@link CheckRequestDecoder}).
 * Stateless and thread-safe.
 */
public final class CheckRequestMapper {

  /** Set by Envoy when it sent only the first part of the body. */
  public static final String PARTIAL_BODY_HEADER = "x-envoy-auth-partial-body";

  /**
   * @param wire a CheckRequest as sent on the wire
   * @throws InvalidRequestException when the bytes are not a CheckRequest, or it has no HTTP
   *     attributes (an empty request, or one from Envoy's network filter, which this HTTP
   *     authorizer does not serve)
   */
  public AuthzRequest map(byte[] wire) {
    try {
      return CheckRequestDecoder.decode(wire);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("request is not a valid CheckRequest message");
    }
  }
}
