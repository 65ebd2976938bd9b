package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutates a ConfigMap CREATE with the policies of one YAML text, for mutation tests. */
final class ConfigMapMutations {

  private ConfigMapMutations() {}

  /** The result of the policies in {@code text} (which must load cleanly) on a ConfigMap. */
  static MutationResult mutate(String text, Map<String, Object> data) {
    var loaded = new AdmissionEngine().loadSources(List.of(new SourceFile("p.yaml", text)));
    assertThat(loaded.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", Map.of("name", "cm", "namespace", "default"));
    object.put("data", data);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("kind", Map.of("group", "", "version", "v1", "kind", "ConfigMap"));
    request.put("resource", Map.of("group", "", "version", "v1", "resource", "configmaps"));
    request.put("name", "cm");
    request.put("namespace", "default");
    request.put("operation", "CREATE");
    request.put("object", object);
    return loaded
        .set()
        .orElseThrow()
        .mutate(
            AdmissionRequest.fromMap(request),
            new AdmissionContext(List.of(), Map.of(), DeclaredAuthorizer.none()));
  }

  /** The mutated ConfigMap's data. */
  static Object data(MutationResult result) {
    return ((Map<?, ?>) result.object()).get("data");
  }
}
