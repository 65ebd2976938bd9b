package dev.celador.engine.internal.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Polls files and directories for changes and runs a reload when they change: the one poller of
 * {@code serve}'s policy directory and of the webhook's policy, params and Namespace files.
 *
 * <p>Polling (not inotify) also sees Kubernetes ConfigMap symlink swaps, editors' atomic renames
 * and network file systems; a few hundred stat calls per poll cost next to nothing. The fingerprint
 * is taken when the poller is made, so a caller makes it <em>before</em> its first load: a change
 * while that load runs is then seen by the first poll instead of being lost.
 */
public final class FilePoller implements AutoCloseable {

  /** Deeper trees are not policy directories; a symlink loop stops at this depth too. */
  private static final int MAX_DEPTH = 16;

  private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  private final List<Path> paths;
  private final String threadName;
  private Fingerprint last;
  private ScheduledExecutorService thread;

  /** Fingerprints {@code paths} now; {@link #start} polls them on a thread named {@code name}. */
  public FilePoller(List<Path> paths, String name) {
    this.paths = List.copyOf(paths);
    this.threadName = name;
    this.last = Fingerprint.of(this.paths);
  }

  /**
   * Checks the files every {@code interval} (at least 100 ms) and runs {@code onChange} when they
   * differ from the last check; {@code onFailure} gets what {@code onChange} throws, and polling
   * goes on (the caller keeps its last good state and logs).
   */
  public synchronized void start(
      Duration interval, Runnable onChange, Consumer<RuntimeException> onFailure) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(MIN_INTERVAL.toMillis(), interval.toMillis());
    thread.scheduleWithFixedDelay(
        () -> poll(onChange, onFailure), millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One check; runs {@code onChange} if anything changed since the last one. */
  void poll(Runnable onChange, Consumer<RuntimeException> onFailure) {
    Fingerprint now = Fingerprint.of(paths);
    if (now.equals(last)) {
      return;
    }
    last = now;
    try {
      onChange.run();
    } catch (RuntimeException e) {
      onFailure.accept(e);
    }
  }

  /**
   * Stops polling and waits (up to two seconds) for a poll in progress, so no reload runs on what
   * the owner closes next (an engine, a context).
   */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = thread;
    }
    if (running == null) {
      return;
    }
    running.shutdownNow();
    if (Thread.currentThread().getName().equals(threadName)) {
      return; // closed by its own onChange: the poll ends when that returns
    }
    try {
      running.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What files and directories look like on disk: every regular file below them (symlinks followed)
   * with its size and modification time. A missing or unreadable path is an entry too, so
   * appearing, vanishing and recovering are changes.
   */
  public record Fingerprint(List<String> entries) {

    public static Fingerprint of(List<Path> paths) {
      List<String> entries = new ArrayList<>();
      for (Path path : paths) {
        if (!Files.exists(path)) {
          entries.add(path + " missing");
          continue;
        }
        try (Stream<Path> walk = Files.walk(path, MAX_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
          for (Path file : walk.sorted().toList()) {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (a.isRegularFile()) {
              entries.add(file + " " + a.size() + " " + a.lastModifiedTime());
            }
          }
        } catch (IOException | UncheckedIOException e) {
          // A file removed mid-walk, a symlink loop, a permission: the next poll looks again.
          entries.add(path + " unreadable: " + e.getMessage());
        }
      }
      return new Fingerprint(List.copyOf(entries));
    }
  }
}
