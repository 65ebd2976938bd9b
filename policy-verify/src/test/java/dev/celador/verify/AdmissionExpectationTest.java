package dev.celador.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdmissionExpectationTest {

  private static final AdmissionDecision DENIED =
      new AdmissionDecision(
          false,
          403,
          "Forbidden",
          "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: no",
          List.of("first", "second"),
          Map.of("p/a", "1"));

  private static AdmissionExpectation expect(
      Optional<List<String>> warnings, Optional<Map<String, String>> annotations) {
    return new AdmissionExpectation(
        Optional.of(false),
        Optional.of(403),
        Optional.of("Forbidden"),
        Optional.empty(),
        Optional.of(Pattern.compile("denied request: no$")),
        warnings,
        annotations);
  }

  @Test
  void check_everyFieldAsExpected_noMismatches() {
    assertThat(
            expect(Optional.of(List.of("first", "second")), Optional.of(Map.of("p/a", "1")))
                .check(DENIED))
        .isEmpty();
  }

  @Test
  void check_onlyGivenFieldsAreChecked() {
    assertThat(expect(Optional.empty(), Optional.empty()).check(DENIED)).isEmpty();
  }

  @Test
  void check_warningsAndAnnotationsDiffer_oneLinePerWarningAndKey() {
    List<Mismatch> mismatches =
        expect(Optional.of(List.of("first")), Optional.of(Map.of("p/b", "2"))).check(DENIED);

    assertThat(mismatches)
        .containsExactly(
            new Mismatch("warnings[1]", "(not set)", "\"second\""),
            new Mismatch("auditAnnotations[\"p/a\"]", "(not set)", "\"1\""),
            new Mismatch("auditAnnotations[\"p/b\"]", "\"2\"", "(not set)"));
  }

  @Test
  void check_allowedCodeReasonAndMessageDiffer_listsEachInFieldOrder() {
    AdmissionExpectation expectation =
        new AdmissionExpectation(
            Optional.of(true),
            Optional.of(200),
            Optional.of("Invalid"),
            Optional.of("fine"),
            Optional.empty(),
            Optional.of(List.of()),
            Optional.of(Map.of()));

    assertThat(expectation.check(DENIED))
        .extracting(Mismatch::field)
        .containsExactly(
            "allowed",
            "code",
            "reason",
            "message",
            "warnings[0]",
            "warnings[1]",
            "auditAnnotations[\"p/a\"]");
  }
}
