package dev.celador.cli.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden-file helpers. Run with {@code -Dgolden.update=true} to rewrite expected files from the
 * actual output instead of comparing; then read the diff before committing it.
 */
public final class GoldenFiles {

  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  private GoldenFiles() {}

  /** The test resources in the source tree (not target/), so updates land in Git. */
  public static Path sourceResources() {
    return Path.of("src", "test", "resources");
  }

  /** The repository root: the nearest ancestor of the working directory with policies/examples. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("policies").resolve("examples"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no policies/examples above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** The case directories under {@code folder}, sorted by name. */
  static List<Path> cases(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The arguments of a golden run: {@code command}, then those of the case's optional {@code
   * args.txt} (one a line), then the case's {@code input} folder.
   */
  static String[] arguments(Path caseDir, String input, String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of(command));
    Path extra = caseDir.resolve("args.txt");
    if (Files.exists(extra)) {
      args.addAll(Files.readAllLines(extra));
    }
    args.add(caseDir.resolve(input).toString());
    return args.toArray(String[]::new);
  }

  /** Compares {@code actual} with {@code expected}, or rewrites it under golden.update. */
  static void assertMatches(Path expected, String actual) throws IOException {
    if (UPDATE) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(expected).as("golden file (create it with -Dgolden.update=true)").exists();
    String wanted = Files.readString(expected, StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertThat(actual).as("output vs %s", expected).isEqualTo(wanted);
  }
}
