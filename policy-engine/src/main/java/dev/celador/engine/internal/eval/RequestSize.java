package dev.celador.engine.internal.eval;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import java.util.Map;

/**
 * How much text a client gives a request's policies to search: the characters of the strings it
 * controls (path, host, headers, body, principals, context), counted only as far as a cap, so that
 * measuring a large request costs no more than the cap. Filter metadata and the raw request are not
 * counted: metadata is written by the proxy's own filters, the raw request repeats the fields
 * above, and both are decoded only when a policy reads them (counting would decode them for every
 * request).
 */
final class RequestSize {

  private RequestSize() {}

  /** The request's characters, or any number above {@code cap} once it is known to exceed it. */
  static long upTo(AuthzRequest request, long cap) {
    Counter c = new Counter(cap);
    HttpAttributes http = request.request();
    if (http != null) {
      c.add(http.method()).add(http.path()).add(http.host()).add(http.scheme());
      c.add(http.protocol()).add(http.id()).add(http.body());
      c.add(http.headers());
    }
    for (Peer peer : new Peer[] {request.source(), request.destination()}) {
      if (peer != null) {
        c.add(peer.address()).add(peer.principal());
      }
    }
    return c.add(request.requestedServerName()).add(request.context()).total;
  }

  private static final class Counter {
    private final long cap;
    private long total;

    Counter(long cap) {
      this.cap = cap;
    }

    Counter add(String value) {
      if (value != null) {
        total += value.length();
      }
      return this;
    }

    Counter add(Map<String, String> values) {
      if (values != null) {
        for (Map.Entry<String, String> e : values.entrySet()) {
          if (total > cap) {
            break;
          }
          add(e.getKey()).add(e.getValue());
        }
      }
      return this;
    }
  }
}
