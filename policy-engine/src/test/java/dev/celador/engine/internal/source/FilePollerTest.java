package dev.celador.engine.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePollerTest {

  @TempDir Path dir;

  private final AtomicInteger changes = new AtomicInteger();
  private final List<RuntimeException> failures = new ArrayList<>();

  private void poll(FilePoller poller) {
    poller.poll(changes::incrementAndGet, failures::add);
  }

  @Test
  void poll_nothingChanged_runsNothing() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "a");
    FilePoller poller = new FilePoller(List.of(dir), "test");
    poll(poller);
    poll(poller);
    assertThat(changes).hasValue(0);
  }

  @Test
  void poll_fileEditedAddedAndRemoved_runsOncePerChange() throws Exception {
    Path a = Files.writeString(dir.resolve("a.yaml"), "a");
    FilePoller poller = new FilePoller(List.of(dir), "test");
    Files.writeString(a, "ab");
    poll(poller);
    poll(poller);
    assertThat(changes).hasValue(1);
    Files.writeString(dir.resolve("b.yaml"), "b");
    poll(poller);
    Files.delete(a);
    poll(poller);
    assertThat(changes).hasValue(3);
  }

  @Test
  void poll_sameSizeNewModificationTime_isAChange() throws Exception {
    Path a = Files.writeString(dir.resolve("a.yaml"), "a");
    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    FilePoller poller = new FilePoller(List.of(a), "test");
    Files.writeString(a, "b");
    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2026-01-01T00:00:00.001Z")));
    poll(poller);
    assertThat(changes).hasValue(1);
  }

  @Test
  void poll_missingPathAppears_isAChange() throws Exception {
    Path later = dir.resolve("later");
    FilePoller poller = new FilePoller(List.of(later), "test");
    poll(poller);
    assertThat(changes).hasValue(0);
    Files.createDirectory(later);
    Files.writeString(later.resolve("p.yaml"), "p");
    poll(poller);
    assertThat(changes).hasValue(1);
  }

  /** How Kubernetes updates a ConfigMap volume: a new directory, then one symlink swapped. */
  @Test
  void poll_configMapSymlinkSwap_isAChange() throws Exception {
    Path mount = Files.createDirectory(dir.resolve("mount"));
    Path v1 = Files.createDirectory(mount.resolve("..v1"));
    Files.writeString(v1.resolve("p.yaml"), "one");
    Files.createSymbolicLink(mount.resolve("..data"), v1.getFileName());
    Files.createSymbolicLink(mount.resolve("p.yaml"), Path.of("..data/p.yaml"));
    FilePoller poller = new FilePoller(List.of(mount), "test");
    Path v2 = Files.createDirectory(mount.resolve("..v2"));
    Files.writeString(v2.resolve("p.yaml"), "two!");
    Path swap = Files.createSymbolicLink(mount.resolve("..data_tmp"), v2.getFileName());
    Files.move(swap, mount.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    poll(poller);
    assertThat(changes).hasValue(1);
  }

  @Test
  void poll_symlinkLoop_isReportedNotThrown() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.createSymbolicLink(sub.resolve("loop"), Path.of(".."));
    FilePoller.Fingerprint print = FilePoller.Fingerprint.of(List.of(dir));
    assertThat(print.entries()).anySatisfy(e -> assertThat(e).contains("unreadable"));
  }

  @Test
  void poll_reloadThrows_handsItOverAndKeepsPolling() throws Exception {
    Path a = Files.writeString(dir.resolve("a.yaml"), "a");
    FilePoller poller = new FilePoller(List.of(dir), "test");
    Files.writeString(a, "ab");
    poller.poll(
        () -> {
          throw new IllegalStateException("bad policy");
        },
        failures::add);
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("bad policy");
    Files.writeString(a, "abc");
    poll(poller);
    assertThat(changes).hasValue(1);
  }
}
