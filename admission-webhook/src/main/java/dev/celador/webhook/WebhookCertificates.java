package dev.celador.webhook;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

  /**
   * Certificates start this long before they are issued, so small clock skew cannot reject them.
   */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

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
    return servingCertificate(ca, serviceNames(service, namespace), now, validity);
  }

  /** {@code <svc>.<ns>.svc} and {@code <svc>.<ns>.svc.cluster.local}: how the API server dials. */
  public static List<String> serviceNames(String service, String namespace) {
    String dns = service + "." + namespace + ".svc";
    return List.of(dns, dns + ".cluster.local");
  }

  /**
   * A serving certificate for {@code names}: DNS names, or IP addresses (for a webhook the API
   * server reaches by {@code url}, such as {@code https://127.0.0.1:8443/validate}). The first name
   * is the subject's common name.
   */
  public static Issued servingCertificate(
      Issued ca, List<String> names, Instant now, Duration validity) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one name");
    }
    KeyPair keys = newKeys();
    return new Issued(
        sign(
            new X500Name("CN=" + names.get(0)),
            keys,
            subjectOf(ca),
            ca.keys(),
            now,
            validity,
            false,
            names),
        keys);
  }

  /**
   * The subject alternative names of {@code certificate}, DNS names as written and IP addresses in
   * the JDK's text form (the form {@link #canonicalName} gives).
   */
  public static Set<String> alternativeNames(X509Certificate certificate) {
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      Set<String> names = new LinkedHashSet<>();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = (Integer) entry.get(0);
          if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
            names.add(entry.get(1).toString());
          }
        }
      }
      return names;
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subject alternative names", e);
    }
  }

  /** An IP address in the JDK's text form ({@code ::1} → {@code 0:0:0:0:0:0:0:1}); DNS as is. */
  public static String canonicalName(String name) {
    String trimmed = name.trim();
    return InetAddresses.isInetAddress(trimmed)
        ? InetAddresses.forString(trimmed).getHostAddress()
        : trimmed.toLowerCase(Locale.ROOT);
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
      List<String> alternativeNames) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, RANDOM).add(BigInteger.ONE),
              Date.from(now.minus(BACKDATE)),
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
            alternativeNames.stream()
                .map(
                    n ->
                        InetAddresses.isInetAddress(n)
                            ? new GeneralName(GeneralName.iPAddress, n)
                            : new GeneralName(GeneralName.dNSName, n))
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
