package dev.celador.cli.output;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionReport;
import dev.celador.engine.internal.admission.PolicyResult;
import java.util.List;

/**
 * What {@code celador apply} keeps of one judged object: where it was read, what it is, the
 * decision and the per-policy rows, and what mutating policies did to it. Never the object itself,
 * so a long stream costs memory only for its results.
 *
 * @param file the file it was read from ({@code <stdin>} for standard input)
 * @param line the line its document starts at
 * @param mutation what the mutating policies did; null when none is loaded
 */
public record JudgedObject(
    String file,
    int line,
    String operation,
    String apiVersion,
    String kind,
    String namespace,
    String name,
    AdmissionDecision decision,
    List<PolicyResult> policies,
    ObjectMutation mutation) {

  public JudgedObject {
    policies = List.copyOf(policies);
  }

  /** The parts of {@code report} worth keeping; {@code where} is {@code file:line}. */
  public static JudgedObject of(String where, AdmissionReport report) {
    return of(where, report, null);
  }

  /** As {@link #of(String, AdmissionReport)}, with what the mutating policies did. */
  public static JudgedObject of(String where, AdmissionReport report, ObjectMutation mutation) {
    int colon = where.lastIndexOf(':');
    AdmissionRequest r = report.request();
    AdmissionRequest.Gvk k = r.kind();
    return new JudgedObject(
        where.substring(0, colon),
        Integer.parseInt(where.substring(colon + 1)),
        r.operation(),
        k.group().isEmpty() ? k.version() : k.group() + "/" + k.version(),
        k.kind(),
        r.namespace(),
        r.name(),
        report.decision(),
        report.policies(),
        mutation);
  }

  /** {@code apps/v1 Deployment shop/web}: what the object is, as people name it. */
  public String describe() {
    String named = name.isEmpty() ? "(no name)" : name;
    return apiVersion + " " + kind + " " + (namespace.isEmpty() ? named : namespace + "/" + named);
  }

  public String where() {
    return file + ":" + line;
  }
}
