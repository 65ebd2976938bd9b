import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A slow-header attacker: COUNT TLS connections to localhost:PORT, each sending the start of a
 * request and then one header byte every INTERVAL_MS, never finishing the head; a connection the
 * server closes is opened again at once. Prints "ready" once every connection has been attempted,
 * and when stopped (SIGTERM) or after SECONDS how many handshakes completed, how many connections
 * the server cut off and how long it had held them. Run as a single-file program: {@code java Trickle.java PORT COUNT INTERVAL_MS
 * SECONDS}. Used by webhook-slow-clients.sh.
 */
public class Trickle {

  private static final byte[] START =
      "POST /validate HTTP/1.1\r\nHost: localhost\r\nX-Trickle: ".getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    int interval = Integer.parseInt(args[2]);
    long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new TrustAll()}, null);
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger cutOff = new AtomicInteger();
    ConcurrentLinkedQueue<Long> heldMillis = new ConcurrentLinkedQueue<>();
    CountDownLatch attempted = new CountDownLatch(count);
    Thread[] threads = new Thread[count];
    for (int i = 0; i < count; i++) {
      threads[i] =
          new Thread(
              () -> {
                boolean first = true;
                while (System.nanoTime() < end) {
                  long start = System.nanoTime();
                  try (SSLSocket socket =
                      (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
                    if (first) {
                      attempted.countDown();
                      first = false;
                    }
                    socket.startHandshake(); // waits while the connection sits in the backlog
                    opened.incrementAndGet();
                    start = System.nanoTime();
                    socket.setSoTimeout(interval);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = socket.getInputStream();
                    out.write(START);
                    out.flush();
                    while (System.nanoTime() < end) {
                      try {
                        if (in.read() < 0) {
                          break; // closed by the server
                        }
                      } catch (SocketTimeoutException e) {
                        out.write('a');
                        out.flush();
                      }
                    }
                    if (System.nanoTime() >= end) {
                      return;
                    }
                  } catch (IOException e) {
                    // Reset or refused: counted as cut off as well.
                    if (first) {
                      attempted.countDown();
                      first = false;
                    }
                  }
                  cutOff.incrementAndGet();
                  heldMillis.add((System.nanoTime() - start) / 1_000_000);
                }
              });
      threads[i].setDaemon(true);
      threads[i].start();
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long[] held = heldMillis.stream().mapToLong(Long::longValue).sorted().toArray();
                  System.out.printf(
                      "trickle: %d handshakes, %d cut off by the server, held ms p50 %d max %d,"
                          + " %.1f s of CPU%n",
                      opened.get(),
                      cutOff.get(),
                      held.length == 0 ? 0 : held[held.length / 2],
                      held.length == 0 ? 0 : held[held.length - 1],
                      processCpuSeconds());
                }));
    attempted.await();
    System.out.println("ready");
    for (Thread t : threads) {
      t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000 + 5000));
    }
  }

  /** This process's CPU time: what the attack costs its own machine. */
  private static double processCpuSeconds() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
            .getProcessCpuTime()
        / 1e9;
  }

  /** The benchmark's certificate is a throwaway self-signed one. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
