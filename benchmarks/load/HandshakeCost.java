import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.KeyAgreement;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a TLS handshake costs the webhook's JDK, as CPU time of the calling thread (so other load on
 * the machine barely moves it): the operations a server does per handshake (its key's signature,
 * the X25519 or P-256 key exchange) and a whole TLS 1.3 handshake on the server side of an
 * SSLEngine pair, each with a client that does not resume (as an attacker chooses). Run as a
 * single-file program: {@code java HandshakeCost.java N KEYSTORE...} (PKCS12, password changeit);
 * tls-handshake-cost.sh makes the keystores.
 */
public class HandshakeCost {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private static long serverNanos;

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ecKey = ec.generateKeyPair();
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair rsaKey = rsa.generateKeyPair();
    KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
    KeyPair xKey = x25519.generateKeyPair();
    byte[] transcript = new byte[130];
    for (int round = 1; round <= 3; round++) { // the last round is the warm one
      boolean last = round == 3;
      time(last, "ECDSA P-256 signature", n, () -> sign("SHA256withECDSA", ecKey, transcript, false));
      time(last, "RSA-2048 PSS signature", n / 4, () -> sign("RSASSA-PSS", rsaKey, transcript, true));
      time(last, "X25519 key exchange", n, () -> agree(x25519, "X25519", xKey));
      time(last, "P-256 key exchange", n, () -> agree(ec, "ECDH", ecKey));
      for (int i = 1; i < args.length; i++) {
        KeyStore store = load(args[i]);
        SSLContext server = serverContext(store);
        serverNanos = 0;
        for (int h = 0; h < n / 4; h++) {
          handshake(clientContext(store).createSSLEngine("localhost", 443), server.createSSLEngine());
        }
        if (last) {
          System.out.printf("%-32s %8.0f µs%n", "TLS 1.3 handshake, " + args[i], serverNanos / 1e3 / (n / 4));
        }
      }
    }
    System.out.println("CPU time of the server side per operation; java " + System.getProperty("java.version"));
  }

  interface Op {
    void run() throws Exception;
  }

  private static void time(boolean print, String name, int n, Op op) throws Exception {
    long start = CPU.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      op.run();
    }
    if (print) {
      System.out.printf("%-32s %8.0f µs%n", name, (CPU.getCurrentThreadCpuTime() - start) / 1e3 / n);
    }
  }

  private static void sign(String algorithm, KeyPair key, byte[] data, boolean pss) throws Exception {
    Signature s = Signature.getInstance(algorithm);
    if (pss) {
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }
    s.initSign(key.getPrivate());
    s.update(data);
    s.sign();
  }

  /** The server's half of an ephemeral key exchange: a fresh key pair and the shared secret. */
  private static void agree(KeyPairGenerator generator, String algorithm, KeyPair peer) throws Exception {
    KeyPair own = generator.generateKeyPair();
    KeyAgreement agreement = KeyAgreement.getInstance(algorithm);
    agreement.init(own.getPrivate());
    agreement.doPhase(peer.getPublic(), true);
    agreement.generateSecret();
  }

  private static KeyStore load(String keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    return store;
  }

  private static SSLContext serverContext(KeyStore store) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
    keys.init(store, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /**
   * A new client context each time, so no session is resumed; it trusts the server's self-signed
   * certificate.
   */
  private static SSLContext clientContext(KeyStore store) throws Exception {
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** Runs a handshake between the two engines in this thread; only the server's calls are timed. */
  private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
    client.setUseClientMode(true);
    server.setUseClientMode(false);
    server.setEnabledProtocols(new String[] {"TLSv1.3"});
    ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    ByteBuffer app = ByteBuffer.allocate(1 << 17);
    ByteBuffer empty = ByteBuffer.allocate(0);
    client.beginHandshake();
    long start = CPU.getCurrentThreadCpuTime();
    server.beginHandshake();
    serverNanos += CPU.getCurrentThreadCpuTime() - start;
    for (int step = 0; step < 100; step++) {
      if (client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
          && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
        return;
      }
      client.wrap(empty, toServer);
      tasks(client);
      toServer.flip();
      start = CPU.getCurrentThreadCpuTime();
      while (toServer.hasRemaining() && server.unwrap(toServer, app).bytesConsumed() > 0) {
        tasks(server);
      }
      tasks(server);
      server.wrap(empty, toClient);
      tasks(server);
      serverNanos += CPU.getCurrentThreadCpuTime() - start;
      toServer.compact();
      app.clear();
      toClient.flip();
      while (toClient.hasRemaining() && client.unwrap(toClient, app).bytesConsumed() > 0) {
        tasks(client);
      }
      tasks(client);
      toClient.compact();
      app.clear();
    }
    throw new IllegalStateException("the handshake did not finish");
  }

  private static void tasks(SSLEngine engine) {
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      task.run();
    }
  }
}
