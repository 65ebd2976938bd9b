package dev.celador.cli.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a policy directory for changes: the sorted list of files with sizes and modification times.
 * Polling (not inotify) also sees Kubernetes ConfigMap symlink swaps, editors' atomic renames and
 * network file systems; a few hundred stat calls per poll cost next to nothing.
 */
final class PolicyWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);

  private final Path dir;
  private final Duration interval;
  private final Runnable onChange;
  private final Thread thread;
  private volatile boolean closed;

  PolicyWatcher(Path dir, Duration interval, Runnable onChange) {
    this.dir = dir;
    this.interval = interval;
    this.onChange = onChange;
    this.thread = new Thread(this::run, "celador-policy-watcher");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    String last = fingerprintOrEmpty();
    while (!closed) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      String now = fingerprintOrEmpty();
      if (!now.equals(last)) {
        last = now;
        try {
          onChange.run();
        } catch (RuntimeException e) {
          LOG.atError().addKeyValue("error", e.toString()).setCause(e).log("policy reload failed");
        }
      }
    }
  }

  private String fingerprintOrEmpty() {
    try {
      return fingerprint(dir);
    } catch (UncheckedIOException | IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /** Every regular file below {@code dir} with its size and modification time. */
  static String fingerprint(Path dir) throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir, 16, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      List<Path> sorted = files.sorted().toList();
      for (Path p : sorted) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          b.append(p).append('|').append(a.size()).append('|');
          b.append(a.lastModifiedTime().toMillis()).append('\n');
        }
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
