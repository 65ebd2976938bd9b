package dev.celador.benchmarks;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import java.util.Map;

/** The request the in-process benchmarks decide: web's frontend calling shop's orders over mTLS. */
final class BenchRequests {

  private BenchRequests() {}

  /** A GET without a body from the frontend's SPIFFE identity to the orders service's. */
  static AuthzRequest frontendToOrders(
      String path, String host, String protocol, Map<String, String> headers, String id) {
    return AuthzRequest.builder()
        .source(new Peer("10.0.0.1", 40000, "spiffe://cluster.local/ns/web/sa/frontend"))
        .destination(new Peer("10.0.0.2", 8080, "spiffe://cluster.local/ns/shop/sa/orders"))
        .request(
            HttpAttributes.builder()
                .method("GET")
                .path(path)
                .host(host)
                .scheme("https")
                .protocol(protocol)
                .headers(headers)
                .id(id)
                .build())
        .mtls(true)
        .build();
  }
}
