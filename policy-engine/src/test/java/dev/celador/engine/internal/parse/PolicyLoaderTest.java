package dev.celador.engine.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files and directories: the walk, per-file checks and checks across files. */
class PolicyLoaderTest {

  /** A checked-in tree, given relative to the module directory, where Maven runs tests. */
  private static final Path TREE = Path.of("src/test/resources/parse/loader");

  @TempDir Path dir;

  private final PolicyLoader loader = new PolicyLoader();

  private static String policy(String name, String namespace) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata:
          name: %s
          namespace: %s
        spec:
          action: ALLOW
          rules: [{name: r, when: "true"}]
        """
        .formatted(name, namespace);
  }

  private Path write(String relative, String text) throws IOException {
    return write(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String relative, byte[] bytes) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  private static List<String> headlines(LoadedSources loaded) {
    return loaded.diagnostics().stream().map(Diagnostic::headline).toList();
  }

  private LoadedSources loadOne(Path file) {
    return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> loader.load(List.of(file)));
  }

  @Test
  void load_relativeDirectory_walksItAndKeepsRelativeNames() {
    LoadedSources loaded = loader.load(List.of(TREE));

    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.ioError()).isFalse();
    assertThat(loaded.sources().keySet())
        .containsExactlyInAnyOrder(
            "src/test/resources/parse/loader/nested/payments.yml",
            "src/test/resources/parse/loader/orders.yaml");
    assertThat(loaded.documents())
        .extracting(d -> d.metadata().id())
        .containsExactly("shop/payments", "shop/orders");
    assertThat(loaded.documents().get(1).location().file())
        .isEqualTo("src/test/resources/parse/loader/orders.yaml");
  }

  @Test
  void load_directory_skipsTestSuitesTestdataHiddenAndNonYamlFiles() throws IOException {
    write("a.yaml", policy("a", "x"));
    write("a_test.yaml", "not: [a policy");
    write("b_test.yml", "not: [a policy");
    write("notes.txt", "not: [a policy");
    write(".hidden.yaml", "not: [a policy");
    write(".git/c.yaml", "not: [a policy");
    write("testdata/d.yaml", "not: [a policy");
    write("sub/testdata/e.yaml", "not: [a policy");

    LoadedSources loaded = loader.load(List.of(dir));

    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.sources().keySet()).containsExactly(dir.resolve("a.yaml").toString());
  }

  @Test
  void load_directory_readsFilesInSortedOrder() throws IOException {
    write("c.yaml", policy("c", "x"));
    write("a.yml", policy("a", "x"));
    write("b/z.yaml", policy("bz", "x"));
    write("b/a.yaml", policy("ba", "x"));

    LoadedSources loaded = loader.load(List.of(dir));

    assertThat(loaded.documents())
        .extracting(d -> d.metadata().name())
        .containsExactly("a", "ba", "bz", "c");
  }

  @Test
  void load_fileGivenExplicitly_isReadWhateverItsName() throws IOException {
    Path file = write("policy_test.txt", policy("a", "x"));

    LoadedSources loaded = loader.load(List.of(file));

    assertThat(loaded.documents()).hasSize(1);
  }

  @Test
  void load_sameFileTwice_readsItOnce() throws IOException {
    Path file = write("a.yaml", policy("a", "x"));

    LoadedSources loaded = loader.load(List.of(file, dir));

    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.documents()).hasSize(1);
  }

  @Test
  void load_missingPath_reportsIoError() {
    Path missing = Path.of("no/such/policies.yaml");

    LoadedSources loaded = loader.load(List.of(missing));

    assertThat(loaded.ioError()).isTrue();
    assertThat(headlines(loaded))
        .containsExactly(
            "no/such/policies.yaml:1:1: error[io_error]: no such file or directory:"
                + " no/such/policies.yaml");
    assertThat(loaded.documents()).isEmpty();
  }

  @Test
  void load_missingPathNextToGoodOne_stillReadsTheGoodOne() throws IOException {
    Path good = write("a.yaml", policy("a", "x"));

    LoadedSources loaded = loader.load(List.of(good, dir.resolve("gone")));

    assertThat(loaded.ioError()).isTrue();
    assertThat(loaded.documents()).hasSize(1);
  }

  @Test
  void load_emptyFile_reportsEmptyFile() throws IOException {
    Path file = write("empty.yaml", "");

    LoadedSources loaded = loader.load(List.of(file));

    assertThat(headlines(loaded))
        .containsExactly(file + ":1:1: error[empty_file]: no policy documents in file");
    assertThat(loaded.ioError()).isFalse();
  }

  @Test
  void load_commentsOnlyFile_reportsEmptyFile() throws IOException {
    Path file = write("comments.yaml", "# TODO: write policies\n   \n\n");

    assertThat(loader.load(List.of(file)).diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly("empty_file");
  }

  @Test
  void load_randomBytesWithNul_reportsBinaryFile() throws IOException {
    byte[] bytes = new byte[4096];
    new Random(42).nextBytes(bytes);
    bytes[100] = 0;
    Path file = write("random.yaml", bytes);

    LoadedSources loaded = loadOne(file);

    assertThat(loaded.diagnostics()).hasSize(1);
    Diagnostic diagnostic = loaded.diagnostics().get(0);
    assertThat(diagnostic.code()).isEqualTo("binary_file");
    assertThat(diagnostic.location().line()).isEqualTo(1);
    assertThat(diagnostic.location().column()).isEqualTo(1);
    assertThat(loaded.sources()).isEmpty();
  }

  @Test
  void load_validUtf8WithNulByte_reportsBinaryFile() throws IOException {
    Path file = write("nul.yaml", policy("a", "x").replace("ALLOW", "ALL\0OW"));

    assertThat(headlines(loadOne(file)))
        .containsExactly(
            file + ":1:1: error[binary_file]: not a text file: a NUL byte at offset 106 (line 7)");
  }

  @Test
  void load_invalidUtf8_reportsBinaryFileWithTheOffset() throws IOException {
    byte[] prefix = "apiVersion: caf".getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[prefix.length + 2];
    System.arraycopy(prefix, 0, bytes, 0, prefix.length);
    bytes[prefix.length] = (byte) 0xC3; // starts a two-byte sequence...
    bytes[prefix.length + 1] = (byte) 0x28; // ...that this byte does not continue
    Path file = write("latin1.yaml", bytes);

    assertThat(headlines(loadOne(file)))
        .containsExactly(
            file + ":1:1: error[binary_file]: not UTF-8 text: a bad byte at offset 15 (line 1)");
  }

  @Test
  void load_tenMegabyteFile_reportsTooLargeWithoutReadingIt() throws IOException {
    Path file = dir.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] line =
          "- xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
              .getBytes(StandardCharsets.US_ASCII);
      for (long written = 0; written < 10L * 1024 * 1024; written += line.length) {
        out.write(line);
      }
    }

    LoadedSources loaded = loadOne(file);

    assertThat(headlines(loaded))
        .containsExactly(
            file
                + ":1:1: error[too_large]: file is larger than the limit of 4194304 bytes (4 MiB)");
    assertThat(loaded.sources()).isEmpty();
  }

  @Test
  void load_byteOrderMark_isDropped() throws IOException {
    byte[] text = policy("a", "x").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[text.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bytes, 3, text.length);
    Path file = write("bom.yaml", bytes);

    LoadedSources loaded = loader.load(List.of(file));

    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.documents().get(0).location().column()).isEqualTo(1);
  }

  @Test
  void load_samePolicyIdInTwoFiles_reportsDuplicateAtTheSecond() throws IOException {
    write("a.yaml", policy("orders", "shop"));
    write("b.yaml", policy("orders", "shop"));

    LoadedSources loaded = loader.load(List.of(dir));

    assertThat(headlines(loaded))
        .containsExactly(
            dir.resolve("b.yaml")
                + ":4:9: error[duplicate_name]: metadata.name: duplicate AccessPolicy"
                + " 'shop/orders'; first defined at "
                + dir.resolve("a.yaml")
                + ":4:9");
    assertThat(loaded.documents()).extracting(PolicyDocument::location).hasSize(1);
  }

  @Test
  void load_sameNameInOtherNamespace_isNoDuplicate() throws IOException {
    write("a.yaml", policy("orders", "shop") + "---\n" + policy("orders", "billing"));

    LoadedSources loaded = loader.load(List.of(dir));

    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.documents()).hasSize(2);
  }

  @Test
  void load_diagnosticsOfSeveralFiles_areSorted() throws IOException {
    write("b.yaml", "");
    write("a.yaml", "x: [");

    LoadedSources loaded = loader.load(List.of(dir.resolve("b.yaml"), dir.resolve("a.yaml")));

    assertThat(loaded.diagnostics())
        .extracting(d -> d.location().file())
        .containsExactly(dir.resolve("a.yaml").toString(), dir.resolve("b.yaml").toString());
    assertThat(loaded.sources()).hasSize(2);
  }

  @Test
  void load_symbolicLinkLoop_isWalkedOnce() throws IOException {
    write("a.yaml", policy("a", "x"));
    Files.createSymbolicLink(dir.resolve("loop"), dir);

    LoadedSources loaded = loadOne(dir);

    assertThat(loaded.documents()).hasSize(1);
    assertThat(loaded.diagnostics()).isEmpty();
  }

  @Test
  void loadSources_inMemoryText_parsedLikeFilesWithSourceNamesInDiagnostics() {
    SourceFile good =
        new SourceFile("celador.dev/v1alpha1/AccessPolicy/shop/a", policy("a", "shop"));
    SourceFile twin =
        new SourceFile("celador.dev/v1alpha1/AccessPolicy/shop/a-again", policy("a", "shop"));
    SourceFile broken =
        new SourceFile(
            "celador.dev/v1alpha1/AccessPolicy/shop/b", policy("b", "shop") + "  x: 1\n");

    LoadedSources loaded = loader.loadSources(List.of(good, twin, broken));

    assertThat(loaded.documents()).extracting(d -> d.metadata().name()).containsExactly("a");
    assertThat(loaded.sources()).containsOnlyKeys(good.name(), twin.name(), broken.name());
    assertThat(loaded.ioError()).isFalse();
    assertThat(headlines(loaded))
        .containsExactly(
            "celador.dev/v1alpha1/AccessPolicy/shop/a-again:4:9: error[duplicate_name]:"
                + " metadata.name: duplicate AccessPolicy 'shop/a'; first defined at"
                + " celador.dev/v1alpha1/AccessPolicy/shop/a:4:9",
            "celador.dev/v1alpha1/AccessPolicy/shop/b:9:3: error[unknown_field]: unknown field"
                + " 'x' in spec; expected one of: action, allowResponse, denyResponse, dryRun,"
                + " failurePolicy, rules, target");
  }
}
