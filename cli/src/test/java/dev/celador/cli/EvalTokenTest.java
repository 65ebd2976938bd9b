package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --jwt-*}: the request carries a token signed for the run, as a suite's {@code jwt:}
 * input does, with a generated key pinned to an issuer or with a private key from a file.
 */
class EvalTokenTest {

  private static final String ISSUER = "https://login.example.com";
  private static final String CLAIMS =
      "{\"sub\":\"alice\",\"aud\":\"orders-api\",\"scope\":\"orders:read\"}";

  @TempDir Path dir;

  /** Trusts {@code keys} for the issuer: production's JWKS URL, or a JWKS file. */
  private Path policy(String keys) throws IOException {
    return Files.writeString(
        dir.resolve("api.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: sso, namespace: shop}
        spec:
          issuers:
            - issuer: %s
              %s
          audiences: [orders-api]
          required: true
          forwardClaims:
            - {claim: sub, header: x-user-id}
        ---
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: orders-scopes, namespace: shop}
        spec:
          action: ALLOW
          rules:
            - name: read-scope
              when: request.method == "GET" && "orders:read" in jwt.scopes
        """
            .formatted(ISSUER, keys));
  }

  private Path request() throws IOException {
    return Files.writeString(
        dir.resolve("request.yaml"),
        """
        source: {namespace: web, serviceAccount: frontend}
        destination: {namespace: shop, serviceAccount: orders}
        request: {method: GET, path: /api/orders}
        """);
  }

  /** A JWKS URL nobody answers: a pinned issuer must never need it. */
  private Path productionPolicy() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return policy("jwksUri: http://127.0.0.1:" + socket.getLocalPort() + "/keys");
    }
  }

  private CliRun eval(Path policy, String... jwt) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("eval", "-p", policy.toString(), "-r", request().toString()));
    args.addAll(List.of(jwt));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void eval_generatedKeyPinnedToIssuer_tokenIsVerifiedOffline() throws IOException {
    CliRun run =
        eval(
            productionPolicy(),
            "--jwt-algorithm",
            "ES256",
            "--jwt-issuer",
            ISSUER,
            "--jwt-claims",
            CLAIMS);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("ALLOW 200").contains("x-user-id: alice");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).doesNotContain("eyJ");
  }

  @Test
  void eval_expiresInThePast_tokenIsRefused() throws IOException {
    CliRun run =
        eval(
            productionPolicy(),
            "--jwt-algorithm",
            "RS256",
            "--jwt-issuer",
            ISSUER,
            "--jwt-claims",
            CLAIMS,
            "--jwt-expires-in",
            "-5m");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("DENY 401");
  }

  @Test
  void eval_pemKeyTheJwksFileTrusts_claimsFromFile_allowed() throws Exception {
    KeyPair pair = rsa();
    Files.writeString(
        dir.resolve("keys.json"),
        new JWKSet(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build()).toString(true));
    Path pem =
        Files.writeString(
            dir.resolve("key.pem"),
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    Path claims =
        Files.writeString(
            dir.resolve("claims.yaml"),
            "{iss: " + ISSUER + ", sub: bob, aud: orders-api, scope: \"orders:read\"}\n");

    CliRun run =
        eval(
            policy("jwksFile: keys.json"),
            "--jwt-key",
            pem.toString(),
            "--jwt-claims",
            claims.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("ALLOW 200").contains("x-user-id: bob");
  }

  @Test
  void eval_ecPemKeyInOpenSslFormat_signsEs256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Files.writeString(
        dir.resolve("keys.json"),
        new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build())
            .toString(true));
    // SEC1 with the public point, as openssl ecparam -genkey writes it.
    ECPublicKey pub = (ECPublicKey) pair.getPublic();
    byte[] point = new byte[65];
    point[0] = 4;
    copy(pub.getW().getAffineX(), point, 1);
    copy(pub.getW().getAffineY(), point, 33);
    byte[] sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
                256,
                ((ECPrivateKey) pair.getPrivate()).getS(),
                new DERBitString(point),
                new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"))
            .getEncoded();
    String pem =
        "-----BEGIN EC PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(sec1)
            + "\n-----END EC PRIVATE KEY-----\n";
    Path file = Files.writeString(dir.resolve("ec.pem"), pem);

    CliRun run =
        eval(
            policy("jwksFile: keys.json"),
            "--jwt-key",
            file.toString(),
            "--jwt-claims",
            "{\"iss\":\""
                + ISSUER
                + "\",\"sub\":\"carol\",\"aud\":\"orders-api\","
                + "\"scope\":\"orders:read\"}");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("ALLOW 200").contains("x-user-id: carol");
  }

  @Test
  void eval_jwkFilePinnedToIssuer_allowed() throws Exception {
    KeyPair pair = rsa();
    Path jwk =
        Files.writeString(
            dir.resolve("key.jwk.json"),
            new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate())
                .keyID("k1")
                .build()
                .toString());

    CliRun run =
        eval(
            productionPolicy(),
            "--jwt-key",
            jwk.toString(),
            "--jwt-issuer",
            ISSUER,
            "--jwt-claims",
            CLAIMS);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("ALLOW 200");
  }

  @Test
  void eval_claimsWithoutAKey_isAUsageError() throws IOException {
    CliRun run = eval(productionPolicy(), "--jwt-claims", CLAIMS);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--jwt-key", "--jwt-algorithm");
  }

  @Test
  void eval_generatedKeyWithoutIssuer_isAUsageError() throws IOException {
    CliRun run = eval(productionPolicy(), "--jwt-algorithm", "RS256", "--jwt-claims", CLAIMS);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--jwt-issuer");
  }

  @Test
  void eval_unknownAlgorithm_namesTheAlgorithms() throws IOException {
    CliRun run = eval(productionPolicy(), "--jwt-algorithm", "HS256", "--jwt-issuer", ISSUER);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--jwt-algorithm", "RS256", "ES512", "HS256");
  }

  @Test
  void eval_keyFileNotAKey_namesTheFile() throws IOException {
    Path notAKey = Files.writeString(dir.resolve("notes.txt"), "hello\n");

    CliRun run = eval(productionPolicy(), "--jwt-key", notAKey.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains(notAKey.toString());
  }

  /** {@code value} as 32 big-endian bytes at {@code offset}. */
  private static void copy(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int skip = Math.max(0, bytes.length - 32);
    System.arraycopy(bytes, skip, into, offset + 32 - (bytes.length - skip), bytes.length - skip);
  }

  @Test
  void eval_missingKeyFile_saysNoSuchFile() throws IOException {
    Path missing = dir.resolve("absent.pem");

    CliRun run = eval(productionPolicy(), "--jwt-key", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--jwt-key " + missing + ": no such file");
  }

  private static KeyPair rsa() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }
}
