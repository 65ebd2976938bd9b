package dev.celador.cli;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.ObjectFileException;
import dev.celador.engine.internal.admission.ObjectFiles;
import dev.celador.engine.internal.admission.ObjectRequests;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code apply --old}: the objects as they are now, by group, kind, namespace and name, so the new
 * version of one is judged as an UPDATE of it. Held in memory: it is an index, read once.
 */
final class OldObjects {

  private final Map<String, Map<String, Object>> byKey = new HashMap<>();
  private final String defaultNamespace;

  private OldObjects(String defaultNamespace) {
    this.defaultNamespace = defaultNamespace;
  }

  static OldObjects none(String defaultNamespace) {
    return new OldObjects(defaultNamespace);
  }

  static OldObjects read(Path path, String defaultNamespace) {
    OldObjects old = new OldObjects(defaultNamespace);
    try {
      ObjectFiles.stream(
          path,
          located -> {
            String key = old.key(located.object());
            if (old.byKey.putIfAbsent(key, located.object()) != null) {
              throw new ObjectFileException(located.where() + ": " + key + " appears twice");
            }
          });
    } catch (ObjectFileException e) {
      throw new UserException("--old " + e.getMessage());
    }
    return old;
  }

  /** The old version of {@code object}, or null when it is new. */
  Map<String, Object> of(Map<String, Object> object) {
    return byKey.get(key(object));
  }

  private String key(Map<String, Object> object) {
    AdmissionRequest.Gvk kind = ObjectRequests.kind(object);
    return kind.group()
        + "/"
        + kind.kind()
        + " "
        + ObjectRequests.namespace(object, defaultNamespace)
        + "/"
        + meta(object).get("name");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> meta(Map<String, Object> object) {
    return object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
