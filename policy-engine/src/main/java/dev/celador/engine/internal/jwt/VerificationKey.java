package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;

/**
 * One public key (or HMAC secret) ready to verify signatures, with what it may verify.
 *
 * @param kid the key id, "" when the JWK has none
 * @param id kid plus the RFC 7638 thumbprint: equal ids mean the same key across refetches
 * @param declaredAlg the JWK's own {@code alg}, "" when it declares none
 * @param curve the EC or OKP curve, null for RSA and HMAC
 */
record VerificationKey(
    String kid, String id, Family family, Curve curve, String declaredAlg, SignatureCheck check) {

  /** The key type, which decides the algorithms a key can verify. */
  enum Family {
    RSA,
    EC,
    EDDSA,
    HMAC
  }

  /** RSA keys below this size are refused, as NIST SP 800-131A does since 2014. */
  static final int MIN_RSA_BITS = 2048;

  /** A verification key for {@code jwk}, or empty for keys that never verify JWS signatures. */
  static Optional<VerificationKey> of(JWK jwk) throws JOSEException {
    if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
      return Optional.empty();
    }
    String kid = jwk.getKeyID() == null ? "" : jwk.getKeyID();
    String id = kid + "#" + jwk.computeThumbprint();
    String alg = jwk.getAlgorithm() == null ? "" : jwk.getAlgorithm().getName();
    if (jwk instanceof RSAKey rsa) {
      if (rsa.size() < MIN_RSA_BITS) {
        return Optional.empty();
      }
      RSASSAVerifier verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
      return Optional.of(new VerificationKey(kid, id, Family.RSA, null, alg, verifier::verify));
    }
    if (jwk instanceof ECKey ec) {
      ECDSAVerifier verifier = new ECDSAVerifier(ec.toPublicJWK());
      return Optional.of(
          new VerificationKey(kid, id, Family.EC, ec.getCurve(), alg, verifier::verify));
    }
    if (jwk instanceof OctetKeyPair okp
        && (Curve.Ed25519.equals(okp.getCurve()) || Curve.Ed448.equals(okp.getCurve()))) {
      EdDsaCheck check = EdDsaCheck.of(okp.toPublicJWK());
      return Optional.of(new VerificationKey(kid, id, Family.EDDSA, okp.getCurve(), alg, check));
    }
    // Symmetric keys are never taken from a key set, and X25519/X448 keys only encrypt.
    return Optional.empty();
  }

  /** An HMAC secret from a {@code secretFile}. */
  static VerificationKey hmac(byte[] secret) throws JOSEException {
    MACVerifier verifier = new MACVerifier(secret);
    return new VerificationKey("", "secret", Family.HMAC, null, "", verifier::verify);
  }

  /** Whether this key can verify {@code alg}: key type, curve and the JWK's own alg agree. */
  boolean fits(JWSAlgorithm alg) {
    if (!declaredAlg.isEmpty() && !declaredAlg.equals(alg.getName())) {
      return false;
    }
    return switch (family) {
      case RSA -> JWSAlgorithm.Family.RSA.contains(alg);
      case EC ->
          (alg.equals(JWSAlgorithm.ES256) && Curve.P_256.equals(curve))
              || (alg.equals(JWSAlgorithm.ES384) && Curve.P_384.equals(curve))
              || (alg.equals(JWSAlgorithm.ES512) && Curve.P_521.equals(curve));
      case EDDSA ->
          alg.equals(JWSAlgorithm.EdDSA)
              || (alg.equals(JWSAlgorithm.Ed25519) && Curve.Ed25519.equals(curve));
      case HMAC -> JWSAlgorithm.Family.HMAC_SHA.contains(alg);
    };
  }
}
