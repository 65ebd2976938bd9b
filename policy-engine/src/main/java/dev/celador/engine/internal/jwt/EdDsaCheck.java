package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * EdDSA (Ed25519, Ed448) with the JDK's own provider. nimbus-jose-jwt's Ed25519Verifier needs
 * Google Tink; the JDK has verified EdDSA natively since 15, so the engine does not pull Tink in.
 */
final class EdDsaCheck implements SignatureCheck {

  /** DER SubjectPublicKeyInfo up to the raw key: SEQUENCE, AlgorithmIdentifier(OID), BIT STRING. */
  private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private static final byte[] ED448_PREFIX = HexFormat.of().parseHex("3043300506032b6571033a00");

  private final PublicKey key;
  private final String algorithm;

  private EdDsaCheck(PublicKey key, String algorithm) {
    this.key = key;
    this.algorithm = algorithm;
  }

  static EdDsaCheck of(OctetKeyPair jwk) throws JOSEException {
    byte[] prefix;
    String algorithm;
    int length;
    if (Curve.Ed25519.equals(jwk.getCurve())) {
      prefix = ED25519_PREFIX;
      algorithm = "Ed25519";
      length = 32;
    } else if (Curve.Ed448.equals(jwk.getCurve())) {
      prefix = ED448_PREFIX;
      algorithm = "Ed448";
      length = 57;
    } else {
      throw new JOSEException("not an EdDSA curve: " + jwk.getCurve());
    }
    byte[] x = jwk.getDecodedX();
    if (x.length != length) {
      throw new JOSEException(algorithm + " public key must be " + length + " bytes");
    }
    byte[] spki = new byte[prefix.length + x.length];
    System.arraycopy(prefix, 0, spki, 0, prefix.length);
    System.arraycopy(x, 0, spki, prefix.length, x.length);
    try {
      PublicKey key =
          KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
      return new EdDsaCheck(key, algorithm);
    } catch (GeneralSecurityException e) {
      throw new JOSEException("unusable " + algorithm + " key", e);
    }
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature.decode());
    } catch (SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new JOSEException("EdDSA verification failed", e);
    }
  }
}
