package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Keys generated at test time, and tokens signed with them, including deliberately bad ones. */
public final class TestTokens {

  public static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  public static final String ISSUER = "https://idp.test";

  private TestTokens() {}

  public static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Ed25519 key pair made by the JDK (nimbus's own generator would need Tink). */
  public static OctetKeyPair ed25519(String kid) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] x = last(pair.getPublic().getEncoded(), 32);
      byte[] d = last(pair.getPrivate().getEncoded(), 32);
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
          .d(Base64URL.encode(d))
          .keyID(kid)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public halves of {@code keys} as JWKS JSON. */
  public static String jwks(JWK... keys) {
    return new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
  }

  /** Standard valid claims for {@link #ISSUER}, audience "orders", an hour left. */
  public static String claims() {
    return claims(ISSUER, "\"orders\"", NOW.plusSeconds(3600).getEpochSecond());
  }

  public static String claims(String issuer, String audJson, long exp) {
    return "{\"iss\":\""
        + issuer
        + "\",\"sub\":\"alice\",\"aud\":"
        + audJson
        + ",\"exp\":"
        + exp
        + ",\"iat\":"
        + NOW.getEpochSecond()
        + ",\"scope\":\"orders:read orders:write\",\"email\":\"alice@example.com\"}";
  }

  public static String header(String alg, String kid) {
    return kid == null
        ? "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}"
        : "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
  }

  /** A token with the header's alg and kid of {@code key}, signed by {@code key}. */
  public static String token(JWK key, String alg, String payloadJson) {
    return sign(header(alg, key.getKeyID()), payloadJson, key);
  }

  /** Signs exactly these header and payload texts, so tests can send odd JSON. */
  public static String sign(String headerJson, String payloadJson, JWK key) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    try {
      JWSHeader header = JWSHeader.parse(headerJson);
      Base64URL signature;
      if (key instanceof RSAKey rsa) {
        signature = new RSASSASigner(rsa).sign(header, bytes);
      } else if (key instanceof ECKey ec) {
        signature = new ECDSASigner(ec).sign(header, bytes);
      } else if (key instanceof OctetKeyPair okp) {
        signature = Base64URL.encode(ed25519Sign(okp, bytes));
      } else {
        throw new IllegalArgumentException("no signer for " + key.getKeyType());
      }
      return input + "." + signature;
    } catch (JOSEException | java.text.ParseException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-signs with {@code secret}: the algorithm-confusion attack uses a public key here. */
  public static String hmac(String headerJson, String payloadJson, byte[] secret) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      Base64URL mac =
          new MACSigner(secret)
              .sign(JWSHeader.parse(headerJson), input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + mac;
    } catch (JOSEException | java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String b64(String text) {
    return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static byte[] ed25519Sign(OctetKeyPair okp, byte[] input)
      throws GeneralSecurityException {
    // PKCS#8 for Ed25519: a fixed 16-byte prefix, then the 32-byte seed.
    byte[] prefix = java.util.HexFormat.of().parseHex("302e020100300506032b657004220420");
    byte[] seed = okp.getDecodedD();
    byte[] der = new byte[prefix.length + seed.length];
    System.arraycopy(prefix, 0, der, 0, prefix.length);
    System.arraycopy(seed, 0, der, prefix.length, seed.length);
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(
        KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
    signer.update(input);
    return signer.sign();
  }

  private static byte[] last(byte[] bytes, int n) {
    return Arrays.copyOfRange(bytes, bytes.length - n, bytes.length);
  }

  /** A list of one JSON string, for {@code aud}. */
  public static String aud(String... audiences) {
    return List.of(audiences).stream()
        .map(a -> "\"" + a + "\"")
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }
}
