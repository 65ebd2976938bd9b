package dev.celador.conformance.kube;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The harness's own small PKI: one CA that signs kube-apiserver's serving certificate (for
 * 127.0.0.1 and localhost) and the cluster-admin client certificate ({@code O=system:masters}),
 * plus the service-account signing key. Written as PEM files for the processes' flags.
 */
final class HarnessPki {

  record Issued(X509Certificate certificate, PrivateKey key) {}

  private static final Duration VALIDITY = Duration.ofDays(2);

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private long serial = 1;

  HarnessPki() {
    caKeys = ecKeys();
    caCertificate = sign("CN=celador-harness-ca", caKeys, true, null, null);
  }

  X509Certificate ca() {
    return caCertificate;
  }

  Issued servingCertificate() {
    KeyPair keys = ecKeys();
    GeneralNames sans =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            });
    return new Issued(
        sign("CN=kube-apiserver", keys, false, KeyPurposeId.id_kp_serverAuth, sans),
        keys.getPrivate());
  }

  /** With an RSA key: fabric8 reads RSA client keys without BouncyCastle, EC ones not reliably. */
  Issued clientCertificate(String user, String group) {
    KeyPair keys = rsaKeys();
    return new Issued(
        sign("CN=" + user + ",O=" + group, keys, false, KeyPurposeId.id_kp_clientAuth, null),
        keys.getPrivate());
  }

  /** An RSA key pair, because kube-apiserver signs service-account tokens with RS256 by default. */
  static KeyPair serviceAccountKeys() {
    return rsaKeys();
  }

  private static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      // PKCS#8 ("PRIVATE KEY") for keys: the one form fabric8, Go and OpenSSL all read.
      if (object instanceof PrivateKey key) {
        writer.writeObject(new JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  static Path write(Path file, Object... objects) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Object object : objects) {
      text.append(pem(object));
    }
    return Files.writeString(file, text);
  }

  private X509Certificate sign(
      String subject, KeyPair keys, boolean isCa, KeyPurposeId purpose, GeneralNames sans) {
    try {
      Instant now = Instant.now();
      X500Name issuer =
          isCa
              ? new X500Name(subject)
              : new X500Name(caCertificate.getSubjectX500Principal().getName());
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(serial++),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(VALIDITY)),
              new X500Name(subject),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      PrivateKey signingKey = isCa ? keys.getPrivate() : caKeys.getPrivate();
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (Exception e) {
      throw new IllegalStateException("could not issue a harness certificate for " + subject, e);
    }
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
