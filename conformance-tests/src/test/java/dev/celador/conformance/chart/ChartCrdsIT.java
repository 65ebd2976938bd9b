package dev.celador.conformance.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * charts/celador/crds/ holds exactly what fabric8's crd-generator made from the Java model in
 * cluster-sources (copied by charts/sync-crds.sh), byte for byte: a hand edit or a model change
 * without a re-sync fails here.
 */
class ChartCrdsIT {

  @Test
  void chartCrds_equalTheGeneratedOnes() throws IOException {
    Path module = Tools.repoRoot().resolve("cluster-sources");
    if (!Files.isDirectory(module)) {
      // Until the cluster-sources module is merged there is nothing to compare with.
      String why = "ChartCrdsIT: no cluster-sources module in this checkout";
      System.err.println("\n********** SKIPPED: " + why + " **********\n");
      Assumptions.abort(why);
    }
    Path generatedDir = module.resolve("target/classes/META-INF/fabric8");
    Map<String, String> generated = read(generatedDir, "-v1.yml", ".yaml");
    Map<String, String> chart =
        read(Tools.chart().resolve("crds"), ".celador.dev.yaml", ".celador.dev.yaml");

    assertThat(generated)
        .as("CRDs generated into %s (build cluster-sources first)", generatedDir)
        .isNotEmpty();
    assertThat(chart)
        .as("charts/celador/crds/ differs from the generated CRDs; run charts/sync-crds.sh")
        .isEqualTo(generated);
  }

  /** File name (with {@code from} suffix replaced by {@code to}) → content. */
  private static Map<String, String> read(Path dir, String from, String to) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(from)).toList()) {
        String name = f.getFileName().toString();
        out.put(name.substring(0, name.length() - from.length()) + to, Files.readString(f));
      }
    }
    return out;
  }
}
