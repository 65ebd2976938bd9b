package dev.celador.engine.internal.audit;

/**
 * Counts of results per outcome, as a PolicyReport's {@code summary}: complete even when the report
 * keeps only some results ({@link NamespaceResults}).
 */
public final class AuditSummary {

  private long pass;
  private long fail;
  private long warn;
  private long error;

  void add(String result) {
    switch (result) {
      case "pass" -> pass++;
      case "fail" -> fail++;
      case "warn" -> warn++;
      default -> error++;
    }
  }

  void addAll(AuditSummary other) {
    pass += other.pass;
    fail += other.fail;
    warn += other.warn;
    error += other.error;
  }

  public long pass() {
    return pass;
  }

  public long fail() {
    return fail;
  }

  public long warn() {
    return warn;
  }

  public long error() {
    return error;
  }

  public long total() {
    return pass + fail + warn + error;
  }
}
