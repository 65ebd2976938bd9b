package dev.celador.conformance.vap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.kube.KubeCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MutatingAdmissionPolicy differential corpus: every case of {@code map/*.yaml} run natively in
 * kube-apiserver (dry-run create, the object it would store) and offline in Celador (the captured
 * review mutated), compared on the resulting object or the denial. Prints the match rate; fails on
 * any mismatch {@code map/exclusions.yaml} does not explain. Details of every mismatch go to {@code
 * target/map-differential.txt}.
 */
class MapDifferentialIT {

  @Test
  void corpus_apiServerAndCelador_mutateAlike(@TempDir Path dir) throws Exception {
    KubeCluster cluster = LocalCluster.require("MapDifferentialIT");
    MapCorpus corpus = MapCorpus.read(MapCorpus.dir());
    Exclusions exclusions = Exclusions.read(MapCorpus.dir().resolve("exclusions.yaml"));
    long start = System.nanoTime();
    MapDifferentialRun run =
        new MapDifferentialRun(new ApiServer(cluster.client()), corpus, cluster.loopbackHost());
    List<MapDifferentialRun.Result> results;
    try {
      results = run.run(dir);
    } finally {
      run.tearDown();
    }
    List<String> unexplained = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    long matched = 0;
    long excluded = 0;
    for (MapDifferentialRun.Result r : results) {
      boolean isExcluded = exclusions.excludes(r.c().id());
      excluded += isExcluded ? 1 : 0;
      if (r.matched()) {
        matched++;
        if (isExcluded) {
          stale.add(r.c().id());
        }
        continue;
      }
      String line =
          r.c().id()
              + (isExcluded ? " [excluded: " + exclusions.reasons().get(r.c().id()) + "]" : "")
              + "\n  kube-apiserver: "
              + r.api()
              + "\n  celador:        "
              + (r.offline() == null ? "no AdmissionReview captured" : r.offline());
      report.append(line).append("\n  review: ").append(r.review()).append("\n\n");
      if (!isExcluded) {
        unexplained.add(line);
      }
    }
    String summary =
        String.format(
            Locale.ROOT,
            "MAP differential corpus: %d cases, %d identical (%.1f %%); %d excluded (explained);"
                + " %d unexplained mismatches; %d s",
            results.size(),
            matched,
            100.0 * matched / results.size(),
            excluded,
            unexplained.size(),
            (System.nanoTime() - start) / 1_000_000_000L);
    DifferentialReport.publish(summary, report, stale, "map-differential.txt");
    assertThat(results).hasSizeGreaterThanOrEqualTo(200);
    assertThat(unexplained).as("mismatches not in map/exclusions.yaml").isEmpty();
  }
}
