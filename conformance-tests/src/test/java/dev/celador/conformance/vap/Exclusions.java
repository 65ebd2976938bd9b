package dev.celador.conformance.vap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reviewed list of cases whose difference comes from behaviour only a real API server has
 * ({@code vap/exclusions.yaml}): each entry names the case, the behaviour and why Celador cannot or
 * should not reproduce it.
 */
record Exclusions(Map<String, String> reasons) {

  private static final Set<String> KEYS = Set.of("case", "behaviour", "why");

  static Exclusions read(Path file) {
    Map<String, String> reasons = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return new Exclusions(reasons);
    }
    Map<String, Object> doc = CorpusReader.yaml(file);
    Maps.checkKeys(doc, Set.of("exclusions"), file.toString());
    for (Object o : Maps.list(doc.get("exclusions"), file + ": exclusions")) {
      Map<String, Object> e = Maps.map(o, file + ": exclusions[]");
      String where = file + ": exclusions[" + e.get("case") + "]";
      Maps.checkKeys(e, KEYS, where);
      String id = Maps.string(e, "case", where);
      String reason =
          Maps.string(e, "behaviour", where) + " (" + Maps.string(e, "why", where) + ")";
      if (reasons.put(id, reason) != null) {
        throw new CorpusException(where + ": listed twice");
      }
    }
    return new Exclusions(reasons);
  }

  boolean excludes(String caseId) {
    return reasons.containsKey(caseId);
  }
}
