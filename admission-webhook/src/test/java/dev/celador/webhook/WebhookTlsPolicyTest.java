package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default TLS policy: TLS 1.3, and TLS 1.2 with ECDHE AEAD suites only. TLS 1.0 and 1.1 are
 * offered with hand-built ClientHellos, since the JDK's own client refuses to speak them at all.
 */
class WebhookTlsPolicyTest {

  private static final int HANDSHAKE = 0x16;
  private static final int TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xC02B;
  private static final int TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA = 0xC009;
  private static final int TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA = 0xC00A;

  @TempDir static Path dir;
  static TestServer server;
  static SSLContext client;

  @BeforeAll
  static void start() throws Exception {
    var started = TestServer.withFreshCa(dir, List.of());
    server = started.server();
    client = started.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void handshake_tls13_succeeds() throws Exception {
    assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo("TLSv1.3");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"
      })
  void handshake_tls12WithAeadSuite_succeeds(String suite) throws Exception {
    assertThat(handshake("TLSv1.2", suite)).isEqualTo("TLSv1.2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"
      })
  void handshake_tls12WithOnlyCbcSuite_fails(String suite) {
    assertThatThrownBy(() -> handshake("TLSv1.2", suite)).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void clientHello_tls12WithGcmSuite_getsServerHello() throws Exception {
    // The control for the two below: the hand-built hello is one the server answers.
    assertThat(firstRecordType(0x0303, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256))
        .isEqualTo(HANDSHAKE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0301, 0x0302})
  void clientHello_tls10Or11_isRefused(int version) throws Exception {
    assertThat(
            firstRecordType(
                version,
                TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
                TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
                TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256))
        .isNotEqualTo(HANDSHAKE);
  }

  /** The negotiated protocol of a JDK client limited to {@code protocol} and {@code suite}. */
  private static String handshake(String protocol, String suite) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port)) {
      socket.setSoTimeout(5000);
      socket.setEnabledProtocols(new String[] {protocol});
      socket.setEnabledCipherSuites(new String[] {suite});
      socket.startHandshake();
      return socket.getSession().getProtocol();
    }
  }

  /**
   * Sends a minimal ClientHello of {@code version} offering {@code suites} (P-256, ECDSA-SHA256)
   * and returns the type of the first record the server answers with: 0x16 for its ServerHello,
   * 0x15 for an alert, -1 when it just closes.
   */
  private static int firstRecordType(int version, int... suites) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    short16(body, version);
    body.write(new byte[32], 0, 32); // random
    body.write(0); // no session id
    short16(body, suites.length * 2);
    for (int suite : suites) {
      short16(body, suite);
    }
    body.write(1); // one compression method: null
    body.write(0);
    byte[] extensions = {
      0x00,
      0x0a,
      0x00,
      0x04,
      0x00,
      0x02,
      0x00,
      0x17, // supported_groups: secp256r1
      0x00,
      0x0b,
      0x00,
      0x02,
      0x01,
      0x00, // ec_point_formats: uncompressed
      0x00,
      0x0d,
      0x00,
      0x04,
      0x00,
      0x02,
      0x04,
      0x03 // signature_algorithms: ecdsa_secp256r1_sha256
    };
    short16(body, extensions.length);
    body.write(extensions, 0, extensions.length);
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(HANDSHAKE);
    short16(record, 0x0301);
    short16(record, hello.length + 4);
    record.write(1); // client_hello
    record.write(0);
    short16(record, hello.length);
    record.write(hello, 0, hello.length);
    try (Socket socket = new Socket("127.0.0.1", server.port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(record.toByteArray());
      try {
        return new DataInputStream(socket.getInputStream()).read();
      } catch (IOException e) {
        return -1; // reset: refused as well
      }
    }
  }

  private static void short16(ByteArrayOutputStream out, int value) {
    out.write(value >> 8);
    out.write(value & 0xff);
  }
}
