package dev.celador.conformance.vap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the differential corpus without an API server: it is big enough, Celador loads every
 * policy, every exclusion names a real case, and every case evaluates (on a synthetic review)
 * without an internal error. {@link VapDifferentialIT} does the comparison.
 */
class VapCorpusTest {

  static Path corpusDir() {
    try {
      return Path.of(VapCorpusTest.class.getResource("/vap").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void corpus_readFromResources_hasAtLeast300Cases() {
    assertThat(CorpusReader.read(corpusDir()).cases()).hasSizeGreaterThanOrEqualTo(300);
  }

  @Test
  void exclusions_everyEntry_namesACorpusCase() {
    Set<String> ids =
        CorpusReader.read(corpusDir()).cases().stream()
            .map(Corpus.VapCase::id)
            .collect(Collectors.toSet());
    assertThat(Exclusions.read(corpusDir().resolve("exclusions.yaml")).reasons().keySet())
        .allSatisfy(id -> assertThat(ids).contains(id));
  }

  @Test
  void offlineJudge_everySyntheticCase_answersWithoutInternalError(@TempDir Path dir) {
    Corpus corpus = CorpusReader.read(corpusDir());
    List<Map<String, Object>> namespaces =
        corpus.namespaces().stream()
            .map(
                ns ->
                    Map.<String, Object>of(
                        "apiVersion",
                        "v1",
                        "kind",
                        "Namespace",
                        "metadata",
                        Map.of("name", ns.name(), "labels", ns.labels())))
            .toList();
    List<Map<String, Object>> params =
        corpus.objects().stream().filter(o -> "ConfigMap".equals(o.get("kind"))).toList();
    OfflineJudge judge = OfflineJudge.create(dir, corpus, params, namespaces);
    List<String> problems = new java.util.ArrayList<>();
    for (Corpus.VapCase c : corpus.cases()) {
      Outcome outcome = judge.judge(c, SyntheticReviews.of(c, corpus));
      if (outcome.code() == 500) {
        problems.add(c.id() + ": " + outcome);
      }
    }
    assertThat(problems).isEmpty();
  }
}
