package dev.celador.engine.request;

import java.util.Map;

/**
 * Everything the engine may read about one request, independent of the transport that carried it.
 *
 * @param mtls whether the downstream connection used mutual TLS
 * @param context the route's context extensions ({@code context} in CEL)
 * @param metadata filter metadata by namespace ({@code metadata} in CEL)
 * @param raw the request as the transport received it, as JSON-like maps and lists ({@code object}
 *     in CEL); empty when not available
 */
public record AuthzRequest(
    Peer source,
    Peer destination,
    HttpAttributes request,
    boolean mtls,
    String requestedServerName,
    Map<String, String> context,
    Map<String, Object> metadata,
    Map<String, Object> raw) {

  public AuthzRequest {
    source = source == null ? Peer.UNKNOWN : source;
    destination = destination == null ? Peer.UNKNOWN : destination;
    requestedServerName = requestedServerName == null ? "" : requestedServerName;
    context = context == null ? Map.of() : Map.copyOf(context);
    metadata = metadata == null ? Map.of() : metadata;
    raw = raw == null ? Map.of() : raw;
  }
}
