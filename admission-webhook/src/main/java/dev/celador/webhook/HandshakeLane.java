package dev.celador.webhook;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's executor with TLS handshakes set apart: socket work for a connection still in its
 * handshake runs on a few threads of the lowest priority, everything else on Tomcat's own pool. A
 * handshake is the costliest step of a connection (key agreement and a signature, about a
 * millisecond of CPU in Java), and slow clients that the server cuts off reconnect at once: 600 of
 * them cost dozens of handshakes a second, in bursts of hundreds when their deadlines fall
 * together. On the request threads those bursts competed with reviews on established connections
 * (kube-apiserver keeps its connections); here reviews come first and handshakes take what CPU is
 * left. On Linux with Java 22 or later (the image runs 25) the lane's threads run in the kernel's
 * SCHED_IDLE class ({@link IdleScheduling}), so a review thread that wakes takes the core from a
 * handshake at once. Elsewhere they have Java's lowest priority, which is nice 19 with the chart's
 * {@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}; without those the lane
 * only bounds how many threads handshake at once. Either works without root, since it only lowers
 * priority.
 *
 * <p>Tomcat reads a connection's first request in the same task as the handshake's last step when
 * the client sends it along (TLS 1.3 allows that), so that one request may run on the lane too;
 * every later one runs on the pool. The lane's queue is unbounded on purpose: it holds at most one
 * task per connection, and max-connections bounds those.
 */
final class HandshakeLane implements Executor {

  /** A Tomcat socket task that says which connection it is for. */
  interface SocketTask extends Runnable {
    SocketWrapperBase<NioChannel> socket();
  }

  private static final Logger log = LoggerFactory.getLogger(HandshakeLane.class);

  private final Executor pool;
  private final ThreadPoolExecutor lane;

  HandshakeLane(Executor pool, int threads) {
    this.pool = pool;
    log.info(
        "TLS handshakes run on {} thread(s) {}",
        threads,
        IdleScheduling.available()
            ? "in SCHED_IDLE"
            : "at Java's lowest priority (SCHED_IDLE takes Java 22 or later on Linux)");
    AtomicInteger count = new AtomicInteger();
    this.lane =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Runnable idle =
                  () -> {
                    IdleScheduling.enter();
                    task.run();
                  };
              Thread t = new Thread(idle, "celador-tls-handshake-" + count.incrementAndGet());
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /** Tomcat's own pool, which gets everything but handshakes. */
  Executor pool() {
    return pool;
  }

  @Override
  public void execute(Runnable task) {
    (handshaking(task) ? lane : pool).execute(task);
  }

  static boolean handshaking(Runnable task) {
    return task instanceof SocketTask socketTask && handshaking(socketTask.socket());
  }

  /** Whether {@code socket} is a TLS connection whose handshake has not completed. */
  static boolean handshaking(SocketWrapperBase<?> socket) {
    return socket != null
        && socket.getSocket() instanceof SecureNioChannel tls
        && !tls.isHandshakeComplete();
  }

  /** Stops the lane's threads; handshakes still queued are dropped with their connections. */
  void shutdown() {
    lane.shutdownNow();
  }
}
