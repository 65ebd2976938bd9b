package dev.celador.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a set of files and directories looks like on disk (every regular file's path, size and
 * modification time), so a poller can tell when something changed. Missing paths count too.
 */
record FileFingerprint(List<String> entries) {

  static FileFingerprint of(List<Path> paths) {
    List<String> entries = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        entries.add(path + " missing");
        continue;
      }
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
          entries.add(file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file));
        }
      } catch (IOException e) {
        entries.add(path + " unreadable: " + e.getMessage());
      }
    }
    return new FileFingerprint(List.copyOf(entries));
  }
}
