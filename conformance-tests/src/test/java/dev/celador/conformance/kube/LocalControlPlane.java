package dev.celador.conformance.kube;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * etcd and kube-apiserver as child processes on free loopback ports, the way envtest runs them: no
 * controller-manager, scheduler or kubelet. Admission webhooks and ValidatingAdmissionPolicy are on
 * (both are default plugins); the ServiceAccount plugin is off because nothing creates the {@code
 * default} ServiceAccount without a controller-manager.
 */
final class LocalControlPlane implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path work;
  private final List<Process> processes = new ArrayList<>();
  private final HarnessPki pki = new HarnessPki();
  private HarnessPki.Issued admin;
  private int apiPort;

  LocalControlPlane(Path work) {
    this.work = work;
  }

  void start(Path bin) throws IOException, InterruptedException {
    Files.createDirectories(work);
    killStale();
    int etcdClient = freePort();
    int etcdPeer = freePort();
    apiPort = freePort();

    Path etcdData = Files.createTempDirectory(work, "etcd-");
    launch(
        "etcd",
        List.of(
            bin.resolve("etcd").toString(),
            "--data-dir=" + etcdData,
            "--listen-client-urls=http://127.0.0.1:" + etcdClient,
            "--advertise-client-urls=http://127.0.0.1:" + etcdClient,
            "--listen-peer-urls=http://127.0.0.1:" + etcdPeer,
            "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeer,
            "--initial-cluster=default=http://127.0.0.1:" + etcdPeer,
            // A throwaway store: losing it on a crash costs nothing, and fsync is most of the cost.
            "--unsafe-no-fsync=true",
            "--log-level=warn"));

    HarnessPki.Issued serving = pki.servingCertificate();
    admin = pki.clientCertificate("celador-harness-admin", "system:masters");
    KeyPair serviceAccount = HarnessPki.serviceAccountKeys();
    Path ca = HarnessPki.write(work.resolve("ca.crt"), pki.ca());
    Path cert = HarnessPki.write(work.resolve("apiserver.crt"), serving.certificate());
    Path key = HarnessPki.write(work.resolve("apiserver.key"), serving.key());
    Path saKey = HarnessPki.write(work.resolve("sa.key"), serviceAccount.getPrivate());
    Path saPub = HarnessPki.write(work.resolve("sa.pub"), serviceAccount.getPublic());
    launch(
        "kube-apiserver",
        List.of(
            bin.resolve("kube-apiserver").toString(),
            "--etcd-servers=http://127.0.0.1:" + etcdClient,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--secure-port=" + apiPort,
            "--tls-cert-file=" + cert,
            "--tls-private-key-file=" + key,
            "--client-ca-file=" + ca,
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + saPub,
            "--service-account-signing-key-file=" + saKey,
            "--service-cluster-ip-range=10.0.0.0/24",
            "--authorization-mode=RBAC",
            "--allow-privileged=true",
            "--disable-admission-plugins=ServiceAccount",
            "--cert-dir=" + work.resolve("cert-dir")));
    awaitReady();
  }

  String server() {
    return "https://127.0.0.1:" + apiPort;
  }

  String kubeconfigYaml() {
    return Kubeconfig.yaml(server(), pki.ca(), admin.certificate(), admin.key());
  }

  private void launch(String name, List<String> command) throws IOException {
    Path log = work.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    Files.writeString(
        work.resolve("pids"),
        process.pid() + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Polls /readyz with the admin certificate; every post-start hook (RBAC bootstrap) included. */
  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(adminTls())
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IOException(
              "a control-plane process exited with " + process.exitValue() + "; logs: " + work);
        }
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(server() + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "kube-apiserver not ready after " + START_TIMEOUT + ": " + last + "; logs: " + work);
  }

  private SSLContext adminTls() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", pki.ca());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = "harness".toCharArray();
      keys.setKeyEntry(
          "admin",
          admin.key(),
          password,
          new java.security.cert.Certificate[] {admin.certificate()});
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("could not build the harness admin TLS context", e);
    }
  }

  /** Stops processes a previous test JVM left behind when it was killed before its hook ran. */
  private void killStale() throws IOException {
    Path pids = work.resolve("pids");
    if (Files.exists(pids)) {
      for (String line : Files.readAllLines(pids)) {
        if (!line.isBlank()) {
          ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      Files.delete(pids);
    }
  }

  @Override
  public void close() {
    // The API server first, so it does not log a storm of etcd connection errors.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(work.resolve("pids"));
    } catch (IOException ignored) {
      // Only a cleanup marker; killStale copes with a leftover.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
