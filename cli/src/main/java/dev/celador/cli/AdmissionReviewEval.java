package dev.celador.cli;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReport;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.ObjectFileException;
import dev.celador.engine.internal.admission.ObjectFiles;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import dev.celador.webhook.AdmissionReviewReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code celador eval --admission-review}: answers one AdmissionReview file exactly as the webhook
 * answers {@code POST /validate} (the same mapper writes both), with params and Namespace objects
 * from files.
 */
final class AdmissionReviewEval {

  static final int MAX_BYTES = 3 * 1024 * 1024;

  private AdmissionReviewEval() {}

  /**
   * @param mutation the JSON line of what mutating policies did ({@link MutationEval}), null when
   *     none is loaded
   * @param report the webhook's decision, on the mutated object, and every policy's result
   */
  record Judged(String mutation, AdmissionReport report) {}

  /**
   * The webhook's decision for {@code review} (the AdmissionReview response is written from it by
   * the webhook's mapper), with what every policy and binding made of it.
   */
  static Judged explain(CompiledAdmissionSet set, SourceFile review, AdmissionContext context) {
    AdmissionRequest request;
    try {
      request = read(review.name(), review.text());
    } catch (BadReviewException e) {
      throw new UserException(review.name() + ": " + e.getMessage());
    }
    MutationEval.Outcome mutation = MutationEval.run(set, request, context);
    if (mutation == null) {
      return new Judged(null, AdmissionReviewMapper.explain(set, request, context));
    }
    return new Judged(mutation.document(), MutationEval.judge(set, mutation.mutated(), context));
  }

  /**
   * JSON exactly as the webhook reads it; YAML (kubectl's other output) through the object reader.
   */
  private static AdmissionRequest read(String name, String text) throws BadReviewException {
    if (name.toLowerCase(Locale.ROOT).endsWith(".json") || text.stripLeading().startsWith("{")) {
      return AdmissionReviewReader.read(text.getBytes(StandardCharsets.UTF_8));
    }
    try {
      List<ObjectFiles.Located> objects = ObjectFiles.parse(name, text);
      if (objects.size() != 1) {
        throw new UserException(
            name + ": expected one AdmissionReview, found " + objects.size() + " objects");
      }
      return AdmissionReviewMapper.read(objects.get(0).object());
    } catch (ObjectFileException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** The text of an AdmissionReview file, named as the user wrote it. */
  static SourceFile readFile(Path file) {
    try {
      return TextFiles.read(file, file.toString(), MAX_BYTES);
    } catch (TextFileException e) {
      throw new UserException(e.getMessage());
    }
  }
}
