package dev.celador.verify;

import dev.celador.engine.api.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an HTTP case expects of its decision. Every field is optional and only given fields are
 * checked; {@code headers} and {@code headersToRemove} name the headers that must be among those
 * the decision sets or strips, others may be there too.
 *
 * @param message the decision's first reason, exactly: the deny message on deny
 * @param messageRegex a pattern the first reason must contain a match of
 * @param headers headers the decision must set upstream, with their values; names ignore case
 * @param headersToRemove headers the decision must strip upstream; names ignore case
 * @param audits exactly the AUDIT and dryRun rules that must match, as {@code policy rule=name};
 *     empty to expect none; absent to not check
 * @param responseHeaders headers the decision must send back to the client (on a denial: {@code
 *     www-authenticate}, {@code retry-after}, {@code ratelimit}), with their values
 */
public record HttpExpectation(
    Optional<Boolean> allowed,
    Optional<Integer> status,
    Optional<String> policy,
    Optional<String> rule,
    Optional<String> message,
    Optional<Pattern> messageRegex,
    Map<String, String> headers,
    List<String> headersToRemove,
    Optional<List<String>> audits,
    Map<String, String> responseHeaders) {

  static final String NONE = "(none)";

  public HttpExpectation {
    headers = Map.copyOf(headers);
    responseHeaders = Map.copyOf(responseHeaders);
    headersToRemove = List.copyOf(headersToRemove);
    audits = audits.map(list -> list.stream().sorted().toList());
  }

  /** An expectation that checks no response headers. */
  public HttpExpectation(
      Optional<Boolean> allowed,
      Optional<Integer> status,
      Optional<String> policy,
      Optional<String> rule,
      Optional<String> message,
      Optional<Pattern> messageRegex,
      Map<String, String> headers,
      List<String> headersToRemove,
      Optional<List<String>> audits) {
    this(
        allowed,
        status,
        policy,
        rule,
        message,
        messageRegex,
        headers,
        headersToRemove,
        audits,
        Map.of());
  }

  /** How an audit match is named in {@code expect.audits} and in failures. */
  public static String auditName(String policy, String rule) {
    return policy + " rule=" + rule;
  }

  /** The fields of {@code decision} that differ from this expectation, in field order. */
  public List<Mismatch> check(Decision decision) {
    List<Mismatch> mismatches = new ArrayList<>();
    allowed.ifPresent(
        want -> compare(mismatches, "allowed", want.toString(), "" + decision.allowed()));
    status.ifPresent(
        want -> compare(mismatches, "status", want.toString(), "" + decision.status()));
    policy.ifPresent(want -> compareText(mismatches, "policy", want, decision.policy()));
    rule.ifPresent(want -> compareText(mismatches, "rule", want, decision.rule()));
    String reason = decision.reasons().isEmpty() ? "" : decision.reasons().get(0);
    message.ifPresent(want -> compareText(mismatches, "message", want, reason));
    messageRegex
        .filter(pattern -> !pattern.matcher(reason).find())
        .ifPresent(
            pattern ->
                mismatches.add(
                    new Mismatch(
                        "message", "/" + pattern.pattern() + "/", Mismatch.quote(reason))));
    compareHeaders(mismatches, "headers", headers, decision.headers());
    compareHeaders(mismatches, "responseHeaders", responseHeaders, decision.responseHeaders());
    for (String name : headersToRemove) {
      boolean removed = decision.headersToRemove().stream().anyMatch(h -> h.equalsIgnoreCase(name));
      if (!removed) {
        mismatches.add(
            new Mismatch(
                "headersToRemove", "contains " + Mismatch.quote(name), removedList(decision)));
      }
    }
    audits.ifPresent(
        want -> {
          List<String> actual =
              decision.audits().stream()
                  .map(a -> auditName(a.policy(), a.rule()))
                  .sorted()
                  .toList();
          if (!want.equals(actual)) {
            mismatches.add(new Mismatch("audits", list(want), list(actual)));
          }
        });
    return mismatches;
  }

  private static void compareHeaders(
      List<Mismatch> mismatches,
      String kind,
      Map<String, String> wanted,
      Map<String, String> actualHeaders) {
    wanted.forEach(
        (name, want) -> {
          Optional<String> actual = header(actualHeaders, name);
          String field = kind + "[" + Mismatch.quote(name) + "]";
          if (actual.isEmpty()) {
            mismatches.add(new Mismatch(field, Mismatch.quote(want), "(not set)"));
          } else {
            compareText(mismatches, field, want, actual.get());
          }
        });
  }

  private static String list(List<String> items) {
    return items.stream()
        .map(Mismatch::quote)
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  private static void compare(List<Mismatch> out, String field, String want, String actual) {
    if (!want.equals(actual)) {
      out.add(new Mismatch(field, want, actual));
    }
  }

  private static void compareText(List<Mismatch> out, String field, String want, String actual) {
    if (!want.equals(actual)) {
      out.add(
          new Mismatch(
              field, Mismatch.quote(want), actual.isEmpty() ? NONE : Mismatch.quote(actual)));
    }
  }

  private static Optional<String> header(Map<String, String> headers, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return headers.entrySet().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static String removedList(Decision decision) {
    if (decision.headersToRemove().isEmpty()) {
      return "[]";
    }
    return decision.headersToRemove().stream()
        .sorted()
        .map(Mismatch::quote)
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }
}
