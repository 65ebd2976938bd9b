package dev.celador.webhook;

import dev.celador.engine.admission.AdmissionContext;
import dev.celador.engine.admission.AdmissionEngine;
import dev.celador.engine.admission.CompiledAdmissionSet;
import dev.celador.engine.cel.k8s.DeclaredAuthorizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The active admission policy set, loaded from {@code celador.webhook.policies} (comma-separated
 * files or directories) at startup. A load with errors fails startup with every diagnostic.
 */
@Component
public class AdmissionPolicies {

  private final AtomicReference<CompiledAdmissionSet> active = new AtomicReference<>();
  private final AdmissionContext context =
      new AdmissionContext(List.of(), Map.of(), DeclaredAuthorizer.none());

  public AdmissionPolicies(@Value("${celador.webhook.policies}") List<String> paths) {
    var loaded = new AdmissionEngine().load(paths.stream().map(Path::of).toList());
    if (loaded.set().isEmpty()) {
      throw new IllegalStateException(
          "admission policies did not load:\n"
              + loaded.diagnostics().stream()
                  .map(d -> d.headline())
                  .collect(Collectors.joining("\n")));
    }
    active.set(loaded.set().get());
  }

  public CompiledAdmissionSet current() {
    return active.get();
  }

  public AdmissionContext context() {
    return context;
  }
}
