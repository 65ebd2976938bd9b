package dev.celador.webhook.bootstrap;

import dev.celador.webhook.WebhookCertificates;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text of certificates and PKCS#8 EC keys, both ways; bad input is an {@link BadPem}. */
final class Pem {

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /** Text that is not the PEM it should be. */
  static final class BadPem extends Exception {
    private static final long serialVersionUID = 1L;

    BadPem(String message) {
      super(message);
    }
  }

  private Pem() {}

  static String certificates(List<X509Certificate> certificates) {
    return WebhookCertificates.pem(certificates);
  }

  static String privateKey(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  static List<X509Certificate> readCertificates(String pem, String what) throws BadPem {
    try {
      List<X509Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certificates.isEmpty()) {
        throw new BadPem(what + " holds no certificate");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new BadPem(what + " is not PEM certificates: " + e.getMessage());
    }
  }

  /** The key pair of {@code certificate} and {@code keyPem}, checked to belong together. */
  static KeyPair readKeyPair(X509Certificate certificate, String keyPem, String what)
      throws BadPem {
    Matcher m = PRIVATE_KEY.matcher(keyPem);
    if (!m.find()) {
      throw new BadPem(what + " is not a PEM 'PRIVATE KEY' (PKCS#8)");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      KeyPair pair = new KeyPair(certificate.getPublicKey(), key);
      if (!matches(pair)) {
        throw new BadPem(what + " does not belong to its certificate");
      }
      return pair;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new BadPem(what + " is not an EC private key: " + e.getMessage());
    }
  }

  /** Signs a probe with the private key and verifies it with the public one. */
  private static boolean matches(KeyPair pair) throws GeneralSecurityException {
    byte[] probe = "celador-key-check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(probe);
    return verifier.verify(signature);
  }
}
