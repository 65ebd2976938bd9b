package dev.celador.engine.internal.source;

import dev.celador.engine.api.SourceFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revision of a loaded policy set: the first 16 hex digits of a SHA-256 over every source's
 * name and text, in name order. Computed once per load; the same files give the same revision on
 * every replica and after a restart, so a decision-log line names exactly the policies that decided
 * it.
 */
public final class PolicyRevision {

  private PolicyRevision() {}

  public static String of(Map<String, SourceFile> sources) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    for (SourceFile file : new TreeMap<>(sources).values()) {
      sha.update(file.name().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(file.text().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }
}
