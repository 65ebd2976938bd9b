package dev.celador.webhook;

import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep over the open connections that closes those a slow client would otherwise hold.
 * Tomcat's own timeouts only bound the silence between two reads, so a client sending one byte
 * every few seconds kept a connection (one of max-connections) for ever. Here:
 *
 * <ul>
 *   <li>a TLS handshake, or the request line and headers of a request, may take {@code
 *       headerTimeout} in total (as Apache's mod_reqtimeout bounds them), less up to a quarter
 *       fixed per connection (see {@link #ownLimit}), and is cut off past it while it waits for the
 *       client's bytes (not while it waits for this server's threads);
 *   <li>while the connector is nearly full (90% of max-connections), that bound is {@code whenFull}
 *       (by default the same), so trickling clients can be made to give way to new ones sooner, as
 *       Envoy's overload manager scales its timeouts; they reconnect at once, so a short bound
 *       costs a TLS handshake per trickler and bound.
 * </ul>
 *
 * <p>Idle connections are left to Tomcat's read timeout (before the first request) and keep-alive
 * timeout (between requests), full or not. Go's HTTP client, kube-apiserver's, does not retry a
 * POST on a pooled connection the server has just closed, and a server is also full when it is
 * merely slow (a cold start makes clients open hundreds of connections): cutting idle connections
 * then would turn its own slowness into failed reviews.
 *
 * <p>The HTTP/1.1 head is recognised through Tomcat's public processor state: a processor parked on
 * the connection whose request has its start time (set at the first byte of the request line) but
 * has not reached the servlet. Bodies are read by the servlet and bounded by the read timeout
 * between bytes and by the size limit; HTTP/2 connections (an upgrade processor) keep Tomcat's
 * HTTP/2 timeouts. Only the sweeping thread calls {@link #run}.
 */
final class ConnectionDeadlines implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);

  private final NioEndpoint endpoint;
  private final long headerTimeoutNanos;
  private final long whenFullNanos;

  /** When each connection still in its TLS handshake was first seen so (last sweep's set). */
  private Map<SocketWrapperBase<?>, Long> handshaking = new HashMap<>();

  ConnectionDeadlines(NioEndpoint endpoint, long headerTimeoutMillis, long whenFullMillis) {
    this.endpoint = endpoint;
    this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis);
    this.whenFullNanos = TimeUnit.MILLISECONDS.toNanos(whenFullMillis);
  }

  @Override
  public void run() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // The next sweep tries again; a failure here must not cancel the schedule.
      LOG.warn("connection deadline sweep failed", e);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    int max = endpoint.getMaxConnections();
    boolean full = max > 0 && endpoint.getConnectionCount() >= Math.max(1, max - max / 10);
    long headLimit = full ? Math.min(whenFullNanos, headerTimeoutNanos) : headerTimeoutNanos;
    Map<SocketWrapperBase<?>, Long> stillHandshaking = new HashMap<>();
    for (SocketWrapperBase<NioChannel> wrapper : endpoint.getConnections()) {
      if (wrapper.isClosed()) {
        continue; // cut off by an earlier sweep, not yet removed
      }
      if (HandshakeLane.handshaking(wrapper)) {
        // Tomcat keeps no start time for a handshake: the first sweep that sees it is its start,
        // so the bound is the timeout plus one sweep period.
        long started = handshaking.getOrDefault(wrapper, now);
        stillHandshaking.put(wrapper, started);
        if (now - started > ownLimit(wrapper, headLimit) && waitingForClient(wrapper)) {
          cutOff(wrapper);
        }
      } else if (wrapper.getCurrentProcessor() instanceof AbstractProcessor processor) {
        long started = headStart(processor);
        if (started != -1
            && now - started > ownLimit(wrapper, headLimit)
            && waitingForClient(wrapper)) {
          cutOff(wrapper);
        }
      }
    }
    handshaking = stillHandshaking;
  }

  /**
   * This connection's share of {@code limit}: between three quarters of it and all of it, fixed per
   * connection. Clients that connect together (an attack starts all at once) would otherwise be cut
   * off in the same sweep and reconnect together, every timeout, in bursts of hundreds of TLS
   * handshakes whose socket events queue on the one poller thread ahead of reviews; spread over a
   * quarter of the timeout, the bursts fade within a few rounds.
   */
  private static long ownLimit(SocketWrapperBase<?> wrapper, long limit) {
    int h = System.identityHashCode(wrapper) * 0x9E3779B1; // spread the bits of a new object's hash
    return limit - (limit / 4) * ((h >>> 16) & 0xFFFF) / 0x10000;
  }

  /**
   * Whether the connection waits for the client's bytes (registered for reads) rather than for this
   * server's threads: a handshake or head slowed by the server's own load is not the client's
   * doing, and cutting it would turn an overload into failed requests.
   */
  private static boolean waitingForClient(SocketWrapperBase<NioChannel> wrapper) {
    return wrapper instanceof NioEndpoint.NioSocketWrapper nio
        && nio.interestOpsHas(SelectionKey.OP_READ);
  }

  /**
   * When the head of the request being read began, or -1 when none is being read. A processor
   * parked between reads of an unfinished head has left service() (stage ENDED, or PARSE and
   * KEEPALIVE while it runs); once the head is read the stage moves on (PREPARE, SERVICE...).
   */
  private static long headStart(AbstractProcessor processor) {
    if (processor.isAsync()) {
      return -1;
    }
    Request request = processor.getRequest();
    int stage = request.getRequestProcessor().getStage();
    boolean inHead =
        stage == Constants.STAGE_PARSE
            || stage == Constants.STAGE_KEEPALIVE
            || stage == Constants.STAGE_ENDED;
    return inHead ? request.getStartTimeNanos() : -1;
  }

  /** Closes the connection the way Tomcat's own read timeout does: an error event, then close. */
  private void cutOff(SocketWrapperBase<NioChannel> wrapper) {
    LOG.debug("closing a connection past its handshake, request head or idle deadline");
    wrapper.setError(new SocketTimeoutException("connection deadline passed"));
    if (!endpoint.processSocket(wrapper, SocketEvent.ERROR, true)) {
      wrapper.close();
    }
  }
}
