package dev.celador.image;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An OCI image layout tarball as {@code jib:buildTar} writes it (index.json → manifest → config and
 * gzipped layers under blobs/sha256), read the way a container runtime would.
 */
final class OciArchive {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BLOB_BYTES = 512L * 1024 * 1024;

  /** A file or directory of a layer: its mode bits and owner. */
  record Entry(String path, int mode, long uid, long gid, boolean directory, long size) {}

  private final Map<String, byte[]> blobs;
  private final JsonNode manifest;

  private OciArchive(Map<String, byte[]> blobs, JsonNode manifest) {
    this.blobs = blobs;
    this.manifest = manifest;
  }

  static OciArchive read(Path tarball) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          if (e.getSize() > MAX_BLOB_BYTES) {
            throw new IOException(tarball + ": " + e.getName() + " is larger than expected");
          }
          files.put(e.getName().replaceFirst("^\\./", ""), tar.readAllBytes());
        }
      }
    }
    byte[] index = files.get("index.json");
    if (index == null || !files.containsKey("oci-layout")) {
      throw new IOException(tarball + " is not an OCI image layout (no index.json / oci-layout)");
    }
    JsonNode manifests = JSON.readTree(index).path("manifests");
    if (manifests.size() != 1) {
      throw new IOException(tarball + ": expected one manifest, found " + manifests.size());
    }
    JsonNode manifest = JSON.readTree(blob(files, manifests.get(0).path("digest").asString()));
    return new OciArchive(files, manifest);
  }

  private static byte[] blob(Map<String, byte[]> files, String digest) throws IOException {
    byte[] b = files.get("blobs/" + digest.replace(':', '/'));
    if (b == null) {
      throw new IOException("missing blob " + digest);
    }
    return b;
  }

  JsonNode manifest() {
    return manifest;
  }

  /** The image configuration (architecture, os, config.User, config.Entrypoint, ...). */
  JsonNode config() throws IOException {
    return JSON.readTree(blob(blobs, manifest.path("config").path("digest").asString()));
  }

  /** Every entry of every layer, by path without a leading "./" or "/"; later layers win. */
  Map<String, Entry> entries() throws IOException {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (JsonNode layer : manifest.path("layers")) {
      try (TarArchiveInputStream tar = layer(layer)) {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          String path = normalize(e.getName());
          out.put(
              path,
              new Entry(
                  path,
                  e.getMode(),
                  e.getLongUserId(),
                  e.getLongGroupId(),
                  e.isDirectory(),
                  e.getSize()));
        }
      }
    }
    return out;
  }

  /**
   * Unpacks every layer into {@code root}, keeping mode bits and file times, as a runtime builds a
   * rootfs.
   */
  void unpack(Path root) throws IOException {
    for (JsonNode layer : manifest.path("layers")) {
      try (TarArchiveInputStream tar = layer(layer)) {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          Path target = root.resolve(normalize(e.getName())).normalize();
          if (!target.startsWith(root)) {
            throw new IOException("layer entry escapes the root: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else if (e.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            continue;
          } else {
            Files.createDirectories(target.getParent());
            Files.write(target, tar.readAllBytes());
            // Runtimes keep the layer's times, and the JVM checks the jar's against its AppCDS
            // archive.
            Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
          }
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
        }
      }
    }
  }

  List<String> layerMediaTypes() {
    List<String> types = new ArrayList<>();
    manifest.path("layers").forEach(l -> types.add(l.path("mediaType").asString()));
    return types;
  }

  private TarArchiveInputStream layer(JsonNode layer) throws IOException {
    InputStream raw = new ByteArrayInputStream(blob(blobs, layer.path("digest").asString()));
    return new TarArchiveInputStream(new GzipCompressorInputStream(raw));
  }

  private static String normalize(String name) {
    return name.replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder rwx = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      rwx.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return PosixFilePermissions.fromString(rwx.toString());
  }
}
