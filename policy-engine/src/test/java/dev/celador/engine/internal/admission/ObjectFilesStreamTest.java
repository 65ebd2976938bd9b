package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ObjectFiles#stream}: one document at a time, errors at file:line. */
class ObjectFilesStreamTest {

  @Test
  void stream_listAndDocuments_yieldsEveryObjectWithItsLine() {
    List<String> seen = new ArrayList<>();
    ObjectFiles.stream(
        "m.yaml",
        new StringReader(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# c\n---\n"
                + "apiVersion: v1\nkind: List\nitems:\n"
                + "- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n"
                + "- {apiVersion: v1, kind: Pod, metadata: {name: c}}\n"),
        o -> seen.add(o.where() + " " + o.object().get("kind")));

    assertThat(seen).containsExactly("m.yaml:1 ConfigMap", "m.yaml:7 Secret", "m.yaml:7 Pod");
  }

  @Test
  void stream_badSecondDocument_deliversTheFirstBeforeFailingAtItsLine() {
    List<String> seen = new ArrayList<>();

    assertThatThrownBy(
            () ->
                ObjectFiles.stream(
                    "<stdin>",
                    new StringReader(
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                            + "apiVersion: v1\nkind: [unclosed\n"),
                    o -> seen.add(o.where())))
        .isInstanceOf(ObjectFileException.class)
        .hasMessageStartingWith("<stdin>:7: invalid YAML: ");
    assertThat(seen).containsExactly("<stdin>:1");
  }

  @Test
  void stream_objectWithoutKind_failsNamingItsLine() {
    assertThatThrownBy(
            () ->
                ObjectFiles.stream(
                    "m.yaml",
                    new StringReader(
                        "apiVersion: v1\nkind: A\n---\napiVersion: v1\nmetadata: {}\n"),
                    o -> {}))
        .isInstanceOf(ObjectFileException.class)
        .hasMessage("m.yaml:4: apiVersion and kind are required");
  }

  @Test
  void stream_readsLazily_theSinkRunsBeforeTheRestIsRead() {
    int[] readWhenFirstSeen = {-1};
    int[] read = {0};
    String doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n";
    String text = doc.repeat(2000);
    Reader counting =
        new StringReader(text) {
          @Override
          public int read(char[] buf, int off, int len) throws java.io.IOException {
            int n = super.read(buf, off, len);
            read[0] += Math.max(n, 0);
            return n;
          }
        };

    ObjectFiles.stream(
        "big",
        counting,
        o -> {
          if (readWhenFirstSeen[0] < 0) {
            readWhenFirstSeen[0] = read[0];
          }
        });

    assertThat(readWhenFirstSeen[0]).isPositive().isLessThan(text.length() / 4);
  }
}
