package dev.celador.conformance.vap;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionContexts;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Celador's half, as {@code celador eval --policies <group's file> --params <file> --namespaces
 * <file> --admission-review <review>} runs it: each group's policies and bindings loaded from a
 * file with the CLI's loader, params and namespaces from files, each AdmissionReview read, decided
 * and written by the same code, and the response read back into an {@link Outcome}.
 */
final class OfflineJudge {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path dir;
  private final Corpus corpus;
  private final AdmissionContext context;
  private final Map<String, Loaded> groups = new HashMap<>();

  /** A group's compiled set, or why Celador refused its policies. */
  private record Loaded(CompiledAdmissionSet set, String error) {}

  private OfflineJudge(Path dir, Corpus corpus, AdmissionContext context) {
    this.dir = dir;
    this.corpus = corpus;
    this.context = context;
  }

  /** A judge with {@code params} and {@code namespaces} written to files under {@code dir}. */
  static OfflineJudge create(
      Path dir,
      Corpus corpus,
      List<Map<String, Object>> params,
      List<Map<String, Object>> namespaces) {
    Path paramFile = write(dir.resolve("params.yaml"), params);
    Path namespaceFile = write(dir.resolve("namespaces.yaml"), namespaces);
    return new OfflineJudge(
        dir,
        corpus,
        AdmissionContexts.fromFiles(
            params.isEmpty() ? List.of() : List.of(paramFile),
            namespaces.isEmpty() ? List.of() : List.of(namespaceFile),
            DeclaredAuthorizer.none()));
  }

  /**
   * Why Celador refuses the policies of {@code group} (rendered diagnostics), or null when it loads
   * them.
   */
  String loadError(String group) {
    return load(group).error();
  }

  /** Celador's answer to the AdmissionReview JSON {@code review} of {@code c}. */
  Outcome judge(Corpus.VapCase c, String review) {
    Loaded loaded = load(c.group());
    if (loaded.error() != null) {
      return Outcome.REJECTED;
    }
    try {
      AdmissionRequest request = AdmissionReviewMapper.read(JSON.readValue(review, Object.class));
      String response =
          AdmissionReviewMapper.write(
              request.uid(), AdmissionReviewMapper.decide(loaded.set(), request, context));
      return outcomeOf(Maps.cast(JSON.readValue(response, Map.class).get("response")));
    } catch (BadReviewException e) {
      throw new AssertionError(c.id() + ": captured review is not an AdmissionReview: " + e, e);
    }
  }

  private Loaded load(String group) {
    return groups.computeIfAbsent(
        group,
        g -> {
          Path file = write(dir.resolve(g + ".yaml"), corpus.policiesAndBindings(g));
          try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
            LoadResult loaded = engine.load(List.of(file));
            if (loaded.admission().isEmpty()) {
              System.out.println("Celador rejected group " + g + ":\n" + loaded.render());
              return new Loaded(null, loaded.render());
            }
            return new Loaded(loaded.admission().get(), null);
          }
        });
  }

  private static Outcome outcomeOf(Map<String, Object> response) {
    List<String> warnings = new ArrayList<>();
    for (Object w : Maps.list(response.get("warnings"), "warnings")) {
      warnings.add(String.valueOf(w));
    }
    if (Boolean.TRUE.equals(response.get("allowed"))) {
      return Outcome.allowed(warnings);
    }
    Map<String, Object> status = Maps.map(response.get("status"), "status");
    return Outcome.denied(
        ((Number) status.get("code")).intValue(), String.valueOf(status.get("message")), warnings);
  }

  /** {@code objects} as one YAML stream of JSON documents, which both kubectl and Celador read. */
  static Path write(Path file, List<Map<String, Object>> objects) {
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> o : objects) {
      text.append("---\n").append(JSON.writeValueAsString(o)).append('\n');
    }
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
