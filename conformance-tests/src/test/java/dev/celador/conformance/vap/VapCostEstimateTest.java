package dev.celador.conformance.vap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.admission.AdmissionCostEstimate;
import dev.celador.engine.internal.cel.CostLimit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kube-apiserver accepts every policy of the differential corpus whatever its estimated cost (it
 * does not estimate ValidatingAdmissionPolicy expressions on write), so Celador must not refuse one
 * for its cost either. The estimates, with schemaless inputs as large as the 3 MiB request, are
 * printed for information.
 */
class VapCostEstimateTest {

  @Test
  void load_everyCorpusGroup_hasNoCostError(@TempDir Path dir) {
    Corpus corpus = CorpusReader.read(VapCorpusTest.corpusDir());
    OfflineJudge judge = OfflineJudge.create(dir, corpus, List.of(), List.of());
    List<String> groups = corpus.cases().stream().map(Corpus.VapCase::group).distinct().toList();

    for (String group : groups) {
      String error = judge.loadError(group);
      assertThat(error == null ? "" : error).as(group).doesNotContain("[" + CostLimit.CODE + "]");
    }
    assertThat(groups).hasSizeGreaterThan(50);
  }

  @Test
  void estimate_everyCorpusExpression_isComputed() {
    Corpus corpus = CorpusReader.read(VapCorpusTest.corpusDir());
    List<Map.Entry<String, Long>> estimates = new ArrayList<>();
    for (Map<String, Object> policy : corpus.policies()) {
      for (String expression : expressions(Maps.map(policy.get("spec"), "spec"))) {
        AdmissionCostEstimate.of(expression)
            .ifPresent(cost -> estimates.add(Map.entry(expression, cost)));
      }
    }
    estimates.sort(Map.Entry.comparingByValue(Comparator.reverseOrder()));
    long over = estimates.stream().filter(e -> e.getValue() > CostLimit.PER_CALL_LIMIT).count();
    System.out.println(
        "VAP corpus: "
            + estimates.size()
            + " expressions estimated, "
            + over
            + " over 1,000,000 with schemaless 3 MiB inputs (kube-apiserver accepts them all);"
            + " costliest "
            + CostLimit.format(estimates.get(0).getValue())
            + ": "
            + estimates.get(0).getKey());
    assertThat(estimates).hasSizeGreaterThan(300);
  }

  private static List<String> expressions(Map<String, Object> spec) {
    List<String> all = new ArrayList<>();
    for (String list : List.of("matchConditions", "variables", "validations", "auditAnnotations")) {
      for (Object item : Maps.list(spec.get(list), list)) {
        Map<String, Object> m = Maps.map(item, list);
        for (String key : List.of("expression", "messageExpression", "valueExpression")) {
          if (m.get(key) instanceof String s && !s.isBlank()) {
            all.add(s);
          }
        }
      }
    }
    return all;
  }
}
