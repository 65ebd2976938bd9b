package dev.celador.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Webhook TLS without cert-manager: a self-signed CA, a serving certificate for {@code
 * <svc>.<ns>.svc} and {@code <svc>.<ns>.svc.cluster.local}, and, for rotation, the new CA
 * cross-signed by the old one, so that while the caBundle still holds only the old CA (or already
 * only the new one) the API server can verify the new serving chain. Keys are ECDSA P-256.
 */
public final class WebhookCertificates {

  /** A certificate and its key pair. */
  public record Issued(X509Certificate certificate, KeyPair keys) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookCertificates() {}

  public static Issued certificateAuthority(String commonName, Instant now, Duration validity) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + commonName);
    return new Issued(sign(subject, keys, subject, keys, now, validity, true, List.of()), keys);
  }

  /** A serving certificate for the webhook Service {@code service} in {@code namespace}. */
  public static Issued servingCertificate(
      Issued ca, String service, String namespace, Instant now, Duration validity) {
    KeyPair keys = newKeys();
    String dns = service + "." + namespace + ".svc";
    return new Issued(
        sign(
            new X500Name("CN=" + dns),
            keys,
            subjectOf(ca),
            ca.keys(),
            now,
            validity,
            false,
            List.of(dns, dns + ".cluster.local")),
        keys);
  }

  /** {@code next}'s CA certificate issued by {@code previous}: the bridge used during rotation. */
  public static X509Certificate crossSign(
      Issued next, Issued previous, Instant now, Duration validity) {
    return sign(
        subjectOf(next),
        next.keys(),
        subjectOf(previous),
        previous.keys(),
        now,
        validity,
        true,
        List.of());
  }

  /** PEM text of certificates, in order (leaf first for a chain, any order for a bundle). */
  public static String pem(List<?> objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        writer.writeObject(o);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static X500Name subjectOf(Issued issued) {
    return X500Name.getInstance(issued.certificate().getSubjectX500Principal().getEncoded());
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 support in this JVM", e);
    }
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      Instant now,
      Duration validity,
      boolean ca,
      List<String> dnsNames) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, RANDOM).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        GeneralName[] names =
            dnsNames.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue certificate for " + subject, e);
    }
  }
}
