package dev.celador.engine.eval;

import java.util.Collection;
import java.util.Map;

/**
 * How much text a request gives its policies to search: the characters of every string a CEL
 * expression can read (path, host, headers, body, principals, context, metadata and the raw
 * request), counted only as far as a cap, so that measuring a large request costs no more than the
 * cap.
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
    return c.add(request.requestedServerName())
        .add(request.context())
        .add(request.metadata())
        .add(request.raw())
        .total;
  }

  private static final class Counter {
    private final long cap;
    private long total;

    Counter(long cap) {
      this.cap = cap;
    }

    Counter add(Object value) {
      add(value, 0);
      return this;
    }

    private void add(Object value, int depth) {
      if (total > cap || value == null) {
        return;
      }
      if (value instanceof CharSequence s) {
        total += s.length();
      } else if (value instanceof byte[] b) {
        total += b.length;
      } else if (depth > 64) {
        total = cap + 1; // deeper than any decoded request: count it as large
      } else if (value instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          add(e.getKey(), depth + 1);
          add(e.getValue(), depth + 1);
          if (total > cap) {
            return;
          }
        }
      } else if (value instanceof Collection<?> list) {
        for (Object o : list) {
          add(o, depth + 1);
          if (total > cap) {
            return;
          }
        }
      }
    }
  }
}
