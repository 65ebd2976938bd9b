package dev.celador.engine.api;

import java.util.Map;

/**
 * Everything the engine may read about one request, independent of the transport that carried it.
 * Build one by name with {@link #builder()}; the canonical constructor is for decoders on the hot
 * path that set every component anyway.
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

  /** A builder with both peers unknown, an empty HTTP request, no mTLS and empty maps. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this request's components, to derive a request that differs a bit. */
  public Builder toBuilder() {
    return new Builder()
        .source(source)
        .destination(destination)
        .request(request)
        .mtls(mtls)
        .requestedServerName(requestedServerName)
        .context(context)
        .metadata(metadata)
        .raw(raw);
  }

  /** Names the components of an {@link AuthzRequest}; what is not set keeps its empty default. */
  public static final class Builder {
    private Peer source = Peer.UNKNOWN;
    private Peer destination = Peer.UNKNOWN;
    private HttpAttributes request = HttpAttributes.builder().build();
    private boolean mtls;
    private String requestedServerName = "";
    private Map<String, String> context = Map.of();
    private Map<String, Object> metadata = Map.of();
    private Map<String, Object> raw = Map.of();

    private Builder() {}

    public Builder source(Peer source) {
      this.source = source;
      return this;
    }

    public Builder destination(Peer destination) {
      this.destination = destination;
      return this;
    }

    public Builder request(HttpAttributes request) {
      this.request = request;
      return this;
    }

    public Builder mtls(boolean mtls) {
      this.mtls = mtls;
      return this;
    }

    public Builder requestedServerName(String requestedServerName) {
      this.requestedServerName = requestedServerName;
      return this;
    }

    public Builder context(Map<String, String> context) {
      this.context = context;
      return this;
    }

    public Builder metadata(Map<String, Object> metadata) {
      this.metadata = metadata;
      return this;
    }

    public Builder raw(Map<String, Object> raw) {
      this.raw = raw;
      return this;
    }

    /** The request; the canonical constructor normalises it as it does any other. */
    public AuthzRequest build() {
      return new AuthzRequest(
          source, destination, request, mtls, requestedServerName, context, metadata, raw);
    }
  }
}
