package dev.celador.cli.serve;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.internal.decisionlog.DecisionEnvelope;
import dev.celador.engine.internal.decisionlog.Redactor;
import dev.celador.engine.internal.decisionlog.TraceParent;
import dev.celador.engine.internal.json.JsonText;
import dev.celador.extauthz.DecisionListener;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import tools.jackson.core.JsonGenerator;

/**
 * One JSON line per sampled decision on stdout, in the schema both front doors share ({@link
 * DecisionEnvelope}, docs/decision-log.md). Lines are built on the request thread and written by
 * one background thread through a bounded queue: a slow stdout drops lines (counted) instead of
 * slowing authorization. Never logs header values or bodies (only the trace ids parsed out of a
 * {@code traceparent}); credentials in paths and reasons are redacted by {@link Redactor}.
 */
public final class DecisionLog implements DecisionListener, AutoCloseable {

  private static final int QUEUE = 8192;

  private final Supplier<String> revision;
  private final double allowRate;
  private final double denyRate;
  // Not a BlockingQueue: waking the writer on every offer costs a context switch per request.
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;

  /**
   * @param revision the revision of the policy set serving now ({@code PolicyEngine::revision})
   */
  public DecisionLog(
      PrintStream out, double allowRate, double denyRate, Supplier<String> revision) {
    this.revision = revision;
    this.allowRate = allowRate;
    this.denyRate = denyRate;
    this.writer = new Thread(() -> drain(out), "celador-decision-log");
    writer.setDaemon(true);
    writer.start();
  }

  public long dropped() {
    return dropped.get();
  }

  @Override
  public void onVerdict(Transport transport, AuthzRequest request, Verdict verdict, long nanos) {
    boolean allowed = !verdict.failed() && verdict.decision().allowed();
    // A shadow limit that would have denied is logged like a denial: that is what shadow mode is
    // for. So is an allow with notes (a header dropped for a control character): a policy bug.
    double rate =
        allowed && !shadowOverLimit(verdict.decision()) && verdict.decision().reasons().size() < 2
            ? allowRate
            : denyRate;
    if (rate <= 0 || (rate < 1 && ThreadLocalRandom.current().nextDouble() >= rate)) {
      return;
    }
    if (queued.incrementAndGet() > QUEUE) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.add(line(transport, request, verdict, revision.get(), nanos));
  }

  /**
   * The log line of one decision (schema: docs/decision-log.md); public for DecisionLogBenchmark.
   *
   * @param revision the revision of the policy set serving, "" before one loaded
   */
  public static String line(
      Transport transport, AuthzRequest request, Verdict verdict, String revision, long nanos) {
    Decision d = verdict.decision();
    boolean failed = verdict.failed();
    DecisionEnvelope envelope =
        new DecisionEnvelope(
            Instant.now(),
            DecisionEnvelope.EXT_AUTHZ,
            revision,
            request == null
                ? null
                : TraceParent.parse(request.request().headers().get(TraceParent.HEADER)),
            !failed && d.allowed(),
            failed ? 0 : d.status(),
            nanos / 1000);
    return JsonText.compact(
        json -> {
          envelope.start(json);
          field(json, "transport", transport.label());
          if (failed) {
            field(json, "decision", "error");
            field(json, "error", verdict.failure().name().toLowerCase(java.util.Locale.ROOT));
            field(json, "reason", Redactor.text(verdict.detail()));
          } else {
            field(json, "decision", d.allowed() ? "allow" : "deny");
            field(json, "reason", Redactor.text(d.reasons().isEmpty() ? "" : d.reasons().get(0)));
            if (d.reasons().size() > 1) {
              json.writeArrayPropertyStart("notes");
              for (String note : d.reasons().subList(1, d.reasons().size())) {
                json.writeString(Redactor.text(note));
              }
              json.writeEndArray();
            }
          }
          if (d != null) {
            field(json, "policy", d.policy());
            field(json, "rule", d.rule());
            audits(json, d);
          }
          if (request != null) {
            field(json, "request_id", request.request().id());
            field(json, "method", request.request().method());
            field(json, "host", request.request().host());
            field(json, "path", Redactor.path(request.request().path()));
            field(json, "source", request.source().principal());
            field(json, "destination", request.destination().principal());
          }
          json.writeEndObject();
        });
  }

  /** {@code audits} and {@code shadow_limits_exceeded}, each only when not empty. */
  private static void audits(JsonGenerator json, Decision d) {
    if (d.audits().isEmpty()) {
      return;
    }
    List<String> audits = new ArrayList<>();
    List<String> shadows = new ArrayList<>();
    for (TraceEntry a : d.audits()) {
      (shadowOverLimit(a) ? shadows : audits).add(a.policy() + "/" + a.rule());
    }
    JsonText.nonEmptyArray(json, "audits", audits);
    JsonText.nonEmptyArray(json, "shadow_limits_exceeded", shadows);
  }

  /** True if a shadow rate limit was over for this request (it would have denied with 429). */
  static boolean shadowOverLimit(Decision d) {
    if (d == null) {
      return false;
    }
    for (TraceEntry a : d.audits()) {
      if (shadowOverLimit(a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean shadowOverLimit(TraceEntry a) {
    return a.dryRun()
        && a.result() == TraceEntry.Result.OVER_LIMIT
        && "RATE_LIMIT".equals(a.action());
  }

  private static void field(JsonGenerator json, String name, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    json.writeStringProperty(
        name, value.length() > 1024 ? value.substring(0, 1024) + "..." : value);
  }

  /** Writes what is queued every few milliseconds, in batches. */
  private void drain(PrintStream out) {
    while (true) {
      boolean wrote = false;
      for (String line = queue.poll(); line != null; line = queue.poll()) {
        queued.decrementAndGet();
        out.println(line);
        wrote = true;
      }
      if (wrote) {
        out.flush();
      }
      if (closed && queue.isEmpty()) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
