package dev.celador.webhook;

import java.util.concurrent.Executor;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketProcessorBase;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint whose socket tasks go through a {@link HandshakeLane}: its tasks name their
 * connection, and the executor Tomcat creates is wrapped in the lane (and shut down with it).
 */
class LanedNioEndpoint extends NioEndpoint {

  /**
   * Threads that may handshake at once: half the cores, at least one. However many connections an
   * attacker makes the server handshake, the other half of the cores stay free for reviews on
   * established connections, which then never wait for a core behind a handshake. Where the lane
   * cannot enter SCHED_IDLE (before Java 22), OS priority alone would not give that: a nice-19
   * thread keeps a core for its time slice when a review thread wakes. One thread handshakes about
   * a thousand connections a second (about 1 ms of CPU each on Java 25, most of it the X25519 key
   * exchange), far more than legitimate clients open.
   */
  static final int HANDSHAKE_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /** Tomcat's task for one socket event, which it recycles through {@code reset}. */
  class NamedSocketProcessor extends SocketProcessor implements HandshakeLane.SocketTask {
    NamedSocketProcessor(SocketWrapperBase<NioChannel> socket, SocketEvent event) {
      super(socket, event);
    }

    @Override
    public SocketWrapperBase<NioChannel> socket() {
      return socketWrapper;
    }
  }

  @Override
  protected SocketProcessorBase<NioChannel> createSocketProcessor(
      SocketWrapperBase<NioChannel> socket, SocketEvent event) {
    return new NamedSocketProcessor(socket, event);
  }

  @Override
  public void createExecutor() {
    super.createExecutor();
    setExecutor(new HandshakeLane(getExecutor(), HANDSHAKE_THREADS));
    // setExecutor marks it external; it is still ours to shut down (shutdownExecutor below).
    internalExecutor = true;
  }

  @Override
  public void shutdownExecutor() {
    Executor executor = getExecutor();
    if (executor instanceof HandshakeLane lane) {
      // Tomcat stops its own pool (it knows how); then the lane.
      setExecutor(lane.pool());
      internalExecutor = true;
      super.shutdownExecutor();
      lane.shutdown();
      return;
    }
    super.shutdownExecutor();
  }
}
