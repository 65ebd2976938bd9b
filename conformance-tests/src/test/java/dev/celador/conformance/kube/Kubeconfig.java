package dev.celador.conformance.kube;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** A kubeconfig with inline credentials, readable by fabric8, kubectl, helm and Celador alike. */
final class Kubeconfig {

  private Kubeconfig() {}

  static String yaml(String server, X509Certificate ca, X509Certificate cert, PrivateKey key) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: harness
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: harness-admin
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: harness
          context:
            cluster: harness
            user: harness-admin
        current-context: harness
        """
        .formatted(server, base64(ca), base64(cert), base64(key));
  }

  private static String base64(Object pemObject) {
    return Base64.getEncoder()
        .encodeToString(HarnessPki.pem(pemObject).getBytes(StandardCharsets.UTF_8));
  }
}
