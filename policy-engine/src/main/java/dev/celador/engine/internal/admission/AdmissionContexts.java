package dev.celador.engine.internal.admission;

import dev.celador.engine.internal.cel.k8s.AuthorizationBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link AdmissionContext} from files, the offline source of what a cluster would
 * provide: parameter objects (any kind; matched by a policy's paramKind) and Namespace objects (for
 * namespaceSelector and namespaceObject). The CLI and the webhook read them the same way.
 */
public final class AdmissionContexts {

  private AdmissionContexts() {}

  /**
   * Reads {@code params} (files or directories of any objects) and {@code namespaces} (files or
   * directories of {@code v1 Namespace} objects only).
   *
   * @throws ObjectFileException naming {@code file:line} when a file cannot be used
   */
  public static AdmissionContext fromFiles(
      List<Path> params, List<Path> namespaces, AuthorizationBackend authorizer) {
    List<Map<String, Object>> paramObjects = new ArrayList<>();
    for (ObjectFiles.Located located : ObjectFiles.read(params)) {
      paramObjects.add(located.object());
    }
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (ObjectFiles.Located located : ObjectFiles.read(namespaces)) {
      Map<String, Object> ns = located.object();
      if (!"v1".equals(ns.get("apiVersion")) || !"Namespace".equals(ns.get("kind"))) {
        throw new ObjectFileException(
            located.where()
                + ": expected apiVersion v1 and kind Namespace, got "
                + ns.get("apiVersion")
                + " "
                + ns.get("kind"));
      }
      Object name = ObjectMaps.map(ns.get("metadata")).get("name");
      if (!(name instanceof String n) || n.isEmpty()) {
        throw new ObjectFileException(located.where() + ": metadata.name is required");
      }
      if (byName.putIfAbsent(n, ns) != null) {
        throw new ObjectFileException(located.where() + ": Namespace '" + n + "' defined twice");
      }
    }
    return new AdmissionContext(paramObjects, byName, authorizer);
  }
}
