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
 * The VAP differential corpus: every case of {@code vap/*.yaml} run natively in kube-apiserver and
 * offline in Celador, compared on allowed, HTTP code, message and warnings. Prints the match rate;
 * fails on any mismatch that {@code vap/exclusions.yaml} does not name. Details of every mismatch
 * go to {@code target/vap-differential.txt}.
 */
class VapDifferentialIT {

  @Test
  void corpus_apiServerAndCelador_answerAlike(@TempDir Path dir) throws Exception {
    KubeCluster cluster = LocalCluster.require("VapDifferentialIT");
    Corpus corpus = CorpusReader.read(VapCorpusTest.corpusDir());
    Exclusions exclusions = Exclusions.read(VapCorpusTest.corpusDir().resolve("exclusions.yaml"));
    long start = System.nanoTime();
    DifferentialRun run =
        new DifferentialRun(new ApiServer(cluster.client()), corpus, cluster.loopbackHost());
    List<DifferentialRun.Result> results;
    try {
      results = run.run(dir);
    } finally {
      run.tearDown();
    }
    long matched = results.stream().filter(DifferentialRun.Result::matched).count();
    List<String> unexplained = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    for (DifferentialRun.Result r : results) {
      boolean excluded = exclusions.excludes(r.c().id());
      if (r.matched()) {
        if (excluded) {
          stale.add(r.c().id());
        }
        continue;
      }
      String line =
          r.c().id()
              + (excluded ? " [excluded: " + exclusions.reasons().get(r.c().id()) + "]" : "")
              + "\n  kube-apiserver: "
              + r.api()
              + "\n  celador:        "
              + (r.offline() == null ? "no AdmissionReview captured" : r.offline());
      report.append(line).append("\n  review: ").append(r.review()).append("\n\n");
      if (!excluded) {
        unexplained.add(line);
      }
    }
    long excluded = results.stream().filter(r -> exclusions.excludes(r.c().id())).count();
    long comparable = results.size() - excluded;
    long matchedComparable =
        results.stream().filter(r -> !exclusions.excludes(r.c().id()) && r.matched()).count();
    String summary =
        String.format(
            Locale.ROOT,
            "VAP differential corpus: %d cases, %d matched (%.1f %%); %d not excluded, %d of them"
                + " matched (%.1f %%); %d excluded as API-server-only; %d unexplained mismatches;"
                + " %d s",
            results.size(),
            matched,
            100.0 * matched / results.size(),
            comparable,
            matchedComparable,
            100.0 * matchedComparable / comparable,
            excluded,
            unexplained.size(),
            (System.nanoTime() - start) / 1_000_000_000L);
    DifferentialReport.publish(summary, report, stale, "vap-differential.txt");
    assertThat(results).hasSizeGreaterThanOrEqualTo(300);
    assertThat(unexplained).as("mismatches not in vap/exclusions.yaml").isEmpty();
  }
}
