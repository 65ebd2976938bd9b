package dev.celador.cluster;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.Diagnostic;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges one {@code celador.dev} object before the API server stores it (the validating webhook for
 * Celador's own kinds): the same document the cluster sources would load, through the same parser
 * and compiler {@code celador check} uses, with the same tenancy rules. Errors read as {@code
 * check} prints them, {@code file:line:col} with the line and a caret, the file being the object's
 * source name ({@code celador.dev/v1alpha1/AccessPolicy/shop/orders-rbac}) and the line that of the
 * object written as YAML; each names the field too.
 *
 * <p>An object is judged alone: what only other objects could make wrong is left to the load, which
 * reports it in the object's status.
 */
public final class ObjectCheck {

  /** The verdict: {@code errors} empty means valid; {@code warnings} are told either way. */
  public record Result(List<String> errors, List<String> warnings) {

    public Result {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    public boolean valid() {
      return errors.isEmpty();
    }
  }

  private final PolicyEngine engine;

  public ObjectCheck(PolicyDefaults defaults) {
    this.engine =
        PolicyEngine.create(
            Clock.systemUTC(), JwksOptions.defaults(), RateLimitBackends.local(), defaults);
  }

  /** Judges {@code object}, a custom resource as a JSON-like map (an AdmissionReview's object). */
  public synchronized Result check(Map<String, Object> object) {
    List<String> early =
        PodFileKeySources.refuse(List.of(object)).values().stream().flatMap(List::stream).toList();
    if (!early.isEmpty()) {
      // Never compiled: compiling would read the files.
      return new Result(early, List.of());
    }
    SourceFile source = CustomResourceYaml.toSource(object);
    LoadResult result = engine.loadSources(List.of(source));
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      String field =
          FieldPaths.at(source.text(), d.location()).map(p -> " (field " + p + ")").orElse("");
      String rendered = d.render(source);
      int end = rendered.indexOf('\n') < 0 ? rendered.length() : rendered.indexOf('\n');
      (d.isError() ? errors : warnings)
          .add(rendered.substring(0, end) + field + rendered.substring(end));
    }
    return new Result(errors, warnings);
  }
}
