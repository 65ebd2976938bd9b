package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.RateLimit;
import dev.celador.engine.internal.model.RateLimit.Backend;
import dev.celador.engine.internal.model.RateLimit.FailureMode;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.model.Target;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the {@code spec} of a {@link RateLimitPolicy}. */
final class RateLimitPolicyReader {

  static final List<String> SPEC_FIELDS =
      List.of("target", "limits", "failurePolicy", "headersOnAllow");
  static final List<String> LIMIT_FIELDS =
      List.of("name", "key", "when", "rate", "burst", "shadow", "backend", "failureMode");
  static final List<String> RATE_FIELDS = List.of("requests", "period");

  /** Longest period, and longest a bucket may remember a request (burst × period / requests). */
  static final Duration MAX_HORIZON = Duration.ofDays(366);

  /** Finest spacing between requests; Redis keeps time in microseconds. */
  static final Duration MIN_INTERVAL = Duration.ofNanos(1_000);

  private final ExpressionReader expressions;
  private final TargetReader targets;

  RateLimitPolicyReader(ExpressionReader expressions, Tenancy tenancy) {
    this.targets = new TargetReader(tenancy);
    this.expressions = expressions;
  }

  /** The policy whose spec is {@code value}, or empty; every problem found is reported. */
  Optional<RateLimitPolicy> read(
      Value value, Optional<Metadata> metadata, SourceLocation document) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(SPEC_FIELDS);
    Optional<Target> target = targets.read(spec, value, metadata);
    Optional<FailurePolicy> failurePolicy =
        spec.optional("failurePolicy")
            .map(v -> v.asOneOf(FailurePolicy.values(), FailurePolicy::yamlName))
            .orElse(Optional.of(FailurePolicy.FAIL));
    Optional<Boolean> headersOnAllow = spec.flag("headersOnAllow");
    Optional<List<RateLimit>> limits = spec.required("limits").flatMap(this::limits);
    if (metadata.isEmpty()
        || target.isEmpty()
        || failurePolicy.isEmpty()
        || headersOnAllow.isEmpty()
        || limits.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RateLimitPolicy(
            metadata.get(),
            target.get(),
            limits.get(),
            failurePolicy.get(),
            headersOnAllow.get(),
            document));
  }

  private Optional<List<RateLimit>> limits(Value value) {
    ListReader.UniqueNames names = new ListReader.UniqueNames("limit name");
    return ListReader.nonEmpty(value, "limit", item -> limit(item, names));
  }

  private Optional<RateLimit> limit(Value item, ListReader.UniqueNames names) {
    Optional<MappingReader> mapping = item.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader limit = mapping.get().allowOnly(LIMIT_FIELDS);
    // Limit names appear in headers, metrics and store keys: DNS labels, unique in the policy.
    Optional<String> name =
        limit
            .required("name")
            .flatMap(
                v ->
                    v.asString()
                        .flatMap(text -> v.check(text, Names.LABEL))
                        .flatMap(text -> names.claim(text, v)));
    Optional<Expression> key = limit.required("key").flatMap(expressions::read);
    Optional<Optional<Expression>> when =
        limit
            .optional("when")
            .map(v -> expressions.read(v).map(Optional::of))
            .orElse(Optional.of(Optional.empty()));
    Optional<Value> rateValue = limit.required("rate");
    Optional<Rate> rate = rateValue.flatMap(this::rate);
    Optional<Value> burstValue = limit.optional("burst");
    Optional<Long> burst =
        burstValue.isPresent()
            ? burstValue.get().asLong().flatMap(b -> positive(burstValue.get(), b))
            : rate.map(Rate::requests);
    Optional<Boolean> shadow = limit.flag("shadow");
    Optional<Backend> backend =
        limit
            .optional("backend")
            .map(v -> v.asOneOf(Backend.values(), Backend::yamlName))
            .orElse(Optional.of(Backend.LOCAL));
    Optional<FailureMode> failureMode =
        limit
            .optional("failureMode")
            .map(v -> v.asOneOf(FailureMode.values(), FailureMode::yamlName))
            .orElse(Optional.of(FailureMode.OPEN));
    if (rate.isPresent() && burst.isPresent()) {
      Value at = burstValue.orElse(rateValue.get());
      if (!horizonFits(rate.get(), burst.get(), at)) {
        burst = Optional.empty();
      }
    }
    if (name.isEmpty()
        || key.isEmpty()
        || when.isEmpty()
        || rate.isEmpty()
        || burst.isEmpty()
        || shadow.isEmpty()
        || backend.isEmpty()
        || failureMode.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RateLimit(
            name.get(),
            key.get(),
            when.get(),
            rate.get().requests(),
            rate.get().period(),
            burst.get(),
            shadow.get(),
            backend.get(),
            failureMode.get(),
            item.location()));
  }

  /** {@code requests} per {@code period}. */
  private record Rate(long requests, Duration period) {}

  private Optional<Rate> rate(Value value) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader rate = mapping.get().allowOnly(RATE_FIELDS);
    Optional<Value> requestsValue = rate.required("requests");
    Optional<Long> requests = requestsValue.flatMap(v -> v.asLong().flatMap(n -> positive(v, n)));
    Optional<Value> periodValue = rate.required("period");
    Optional<Duration> period = periodValue.flatMap(RateLimitPolicyReader::period);
    if (requests.isEmpty() || period.isEmpty()) {
      return Optional.empty();
    }
    if (period.get().dividedBy(requests.get()).compareTo(MIN_INTERVAL) < 0) {
      requestsValue
          .get()
          .reporter()
          .invalid(
              requestsValue.get().location(),
              requestsValue.get().path(),
              "at most one request per microsecond: "
                  + requests.get()
                  + " per "
                  + periodValue.get().asString().orElse("")
                  + " is finer than that");
      return Optional.empty();
    }
    return Optional.of(new Rate(requests.get(), period.get()));
  }

  private static Optional<Duration> period(Value value) {
    Optional<String> text = value.asString();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> period = Durations.parse(text.get());
    if (period.isEmpty()) {
      value
          .reporter()
          .invalid(
              value.location(),
              value.path(),
              "invalid duration '"
                  + text.get()
                  + "'; expected a number and unit such as 1s, 1m, 1h, 1d or 1m30s"
                  + " (units: ns, us, ms, s, m, h, d)");
    } else if (period.get().isNegative()
        || period.get().isZero()
        || period.get().compareTo(MAX_HORIZON) > 0) {
      value
          .reporter()
          .invalid(
              value.location(),
              value.path(),
              "invalid duration '" + text.get() + "'; must be more than 0 and at most 366d");
      return Optional.empty();
    }
    return period;
  }

  private static Optional<Long> positive(Value value, long number) {
    if (number < 1) {
      value.reporter().invalid(value.location(), value.path(), "must be at least 1, got " + number);
      return Optional.empty();
    }
    return Optional.of(number);
  }

  /** A bucket remembers up to burst × interval; more than a year is surely a mistake. */
  private static boolean horizonFits(Rate rate, long burst, Value at) {
    Duration interval = rate.period().dividedBy(rate.requests());
    boolean fits =
        burst <= MAX_HORIZON.toNanos() / Math.max(1, interval.toNanos())
            && interval.multipliedBy(burst).compareTo(MAX_HORIZON) <= 0;
    if (!fits) {
      at.reporter()
          .invalid(
              at.location(),
              at.path(),
              "burst "
                  + burst
                  + " at this rate takes longer than 366d to refill; lower the burst or raise"
                  + " the rate");
    }
    return fits;
  }
}
