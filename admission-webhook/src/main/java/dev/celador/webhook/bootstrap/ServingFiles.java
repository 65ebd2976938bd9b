package dev.celador.webhook.bootstrap;

import dev.celador.webhook.WebhookCertificates.Issued;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The serving pair as the two PEM files the HTTPS server reads ({@code tls.crt}, {@code tls.key}),
 * so bootstrap mode reuses the certificate-file reload of files mode. Each file is replaced by an
 * atomic rename, and only when its content changes.
 */
final class ServingFiles {

  private final Path certificate;
  private final Path privateKey;

  ServingFiles(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the TLS directory " + directory, e);
    }
    this.certificate = directory.resolve("tls.crt");
    this.privateKey = directory.resolve("tls.key");
  }

  Path certificate() {
    return certificate;
  }

  Path privateKey() {
    return privateKey;
  }

  /** True when either file changed. The key goes first: a reload sees a new key only with it. */
  boolean write(Issued serving) {
    boolean key = replace(privateKey, Pem.privateKey(serving.keys().getPrivate()));
    boolean cert = replace(certificate, Pem.certificates(List.of(serving.certificate())));
    return key || cert;
  }

  /** Removes both files and the directory if that leaves it empty; best effort. */
  void delete() {
    try {
      Files.deleteIfExists(privateKey);
      Files.deleteIfExists(certificate);
      Files.deleteIfExists(certificate.getParent());
    } catch (IOException e) {
      // Not empty or already gone: nothing more to do.
    }
  }

  private static boolean replace(Path file, String content) {
    try {
      if (Files.isRegularFile(file) && Files.readString(file).equals(content)) {
        return false;
      }
      Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
      try {
        if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
