package dev.celador.webhook;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO HTTP/1.1 protocol (with TLS and HTTP/2 through ALPN, as before) plus a {@link
 * ConnectionDeadlines} sweep on Tomcat's utility executor while the connector runs, and TLS
 * handshakes on a {@link HandshakeLane} of their own. Tomcat creates it by class name, so it is
 * public with a no-argument constructor; {@link WebhookConnector} sets the timeouts.
 */
public class ConnectionDeadlinesProtocol extends Http11NioProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlinesProtocol.class);

  private long headerTimeoutMillis = 10_000;
  private long whenFullMillis = 10_000;
  private ScheduledFuture<?> sweeps;

  public ConnectionDeadlinesProtocol() {
    super(new LanedNioEndpoint());
  }

  public long getHeaderTimeoutMillis() {
    return headerTimeoutMillis;
  }

  public void setHeaderTimeoutMillis(long millis) {
    this.headerTimeoutMillis = positive(millis);
  }

  public long getWhenFullMillis() {
    return whenFullMillis;
  }

  public void setWhenFullMillis(long millis) {
    this.whenFullMillis = positive(millis);
  }

  private static long positive(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("a connection deadline must be positive: " + millis);
    }
    return millis;
  }

  @Override
  public void start() throws Exception {
    super.start();
    // A quarter of the shorter deadline, between 100 ms and 1 s: a connection is cut off at most
    // that much after its deadline (a handshake one sweep later, see ConnectionDeadlines).
    long period = Math.max(100, Math.min(1000, Math.min(headerTimeoutMillis, whenFullMillis) / 4));
    sweeps =
        getUtilityExecutor()
            .scheduleWithFixedDelay(
                new ConnectionDeadlines(
                    (NioEndpoint) getEndpoint(), headerTimeoutMillis, whenFullMillis),
                period,
                period,
                TimeUnit.MILLISECONDS);
    LOG.info(
        "connection deadlines: request head {} ms, {} ms while nearly full; checked every {} ms",
        headerTimeoutMillis,
        whenFullMillis,
        period);
  }

  @Override
  public void stop() throws Exception {
    if (sweeps != null) {
      sweeps.cancel(false);
      sweeps = null;
    }
    super.stop();
  }
}
