package dev.celador.engine.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.engine.api.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {

  @TempDir Path dir;

  @Test
  void read_utf8WithByteOrderMark_textWithoutTheMark() throws Exception {
    Path file = write("a.yaml", "\uFEFFkind: x\ncafé: ✓\n".getBytes(StandardCharsets.UTF_8));

    SourceFile source = TextFiles.read(file, "a.yaml", 100);

    assertThat(source.name()).isEqualTo("a.yaml");
    assertThat(source.text()).isEqualTo("kind: x\ncafé: ✓\n");
  }

  @Test
  void read_badByteOnThirdLine_namesFileOffsetAndLine() throws IOException {
    Path file = write("b.yaml", bytes("a: 1\nb: 2\nc: caf", 0xC3, '(', '\n'));

    assertThatThrownBy(() -> TextFiles.read(file, "b.yaml", 100))
        .isInstanceOfSatisfying(
            TextFileException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(TextFileException.Problem.NOT_TEXT);
              assertThat(e.file()).isEqualTo("b.yaml");
              assertThat(e.detail()).isEqualTo("not UTF-8 text: a bad byte at offset 16 (line 3)");
            })
        .hasMessage("b.yaml: not UTF-8 text: a bad byte at offset 16 (line 3)");
  }

  @Test
  void read_truncatedSequenceAtTheEnd_refused() throws IOException {
    Path file = write("c.json", bytes("{\"a\":\"", 0xE2, 0x82));

    assertThatThrownBy(() -> TextFiles.read(file, "c.json", 100))
        .hasMessage("c.json: not UTF-8 text: a bad byte at offset 6 (line 1)");
  }

  @Test
  void read_nulByte_refusedAsBinary() throws IOException {
    Path file = write("d.yaml", bytes("a: 1\n\nb", 0));

    assertThatThrownBy(() -> TextFiles.read(file, "d.yaml", 100))
        .hasMessage("d.yaml: not a text file: a NUL byte at offset 7 (line 3)");
  }

  @Test
  void read_overTheLimit_refusedWithTheLimit() throws IOException {
    Path file = write("e.yaml", new byte[2 * 1024 * 1024 + 1]);

    assertThatThrownBy(() -> TextFiles.read(file, "e.yaml", 2 * 1024 * 1024))
        .isInstanceOfSatisfying(
            TextFileException.class,
            e -> assertThat(e.problem()).isEqualTo(TextFileException.Problem.TOO_LARGE))
        .hasMessage("e.yaml: file is larger than the limit of 2097152 bytes (2 MiB)");
  }

  @Test
  void read_exactlyTheLimit_accepted() throws Exception {
    Path file = write("f.yaml", "x".repeat(10).getBytes(StandardCharsets.US_ASCII));

    assertThat(TextFiles.read(file, "f.yaml", 10).text()).hasSize(10);
  }

  @Test
  void read_missingFile_unreadable() {
    assertThatThrownBy(() -> TextFiles.read(dir.resolve("none.yaml"), "none.yaml", 10))
        .isInstanceOfSatisfying(
            TextFileException.class,
            e -> assertThat(e.problem()).isEqualTo(TextFileException.Problem.UNREADABLE))
        .hasMessage("none.yaml: no such file");
  }

  @Test
  void read_directory_unreadable() {
    assertThatThrownBy(() -> TextFiles.read(dir, "policies", 10))
        .hasMessage("policies: is a directory, not a file");
  }

  @Test
  void tooLarge_limitNotWholeMebibytes_noUnit() {
    assertThat(TextFiles.tooLarge(1000)).isEqualTo("file is larger than the limit of 1000 bytes");
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] bytes(String ascii, int... more) {
    byte[] start = ascii.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[start.length + more.length];
    System.arraycopy(start, 0, out, 0, start.length);
    for (int i = 0; i < more.length; i++) {
      out[start.length + i] = (byte) more[i];
    }
    return out;
  }
}
