package dev.celador.cli.serve;

import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.eval.TargetMatcher;
import dev.celador.engine.internal.model.Target;
import dev.celador.extauthz.http.HttpIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the policies HTTP mode cannot apply as written: an HTTP authorization request carries no
 * identities, so without a configured destination every policy that targets a namespace, service
 * account or principal never selects a request (and every policy of a tenant namespace is confined
 * to its namespace), and without a trusted {@code x-forwarded-client-cert} the caller's principal
 * is empty. {@code serve} logs these at start and after reloads, and lists them in {@code /readyz}.
 */
final class HttpIdentityCheck {

  /** How many policy ids a warning names before it says "and N more". */
  private static final int NAMED = 5;

  private static final Pattern SOURCE_IDENTITY =
      Pattern.compile(
          "\\bsource\\s*\\.\\s*(principal|namespace|service_account)\\b|\\bconnection\\s*\\.\\s*mtls\\b");

  private HttpIdentityCheck() {}

  static List<String> warnings(CompiledPolicySet set, HttpIdentity identity) {
    List<String> warnings = new ArrayList<>();
    if (!identity.knowsDestination()) {
      TreeSet<String> ids = new TreeSet<>();
      set.policies().stream()
          .filter(p -> needsDestination(p.target()))
          .forEach(p -> ids.add(p.id()));
      set.jwtPolicies().stream()
          .filter(p -> needsDestination(p.target()))
          .forEach(p -> ids.add(p.id()));
      set.rateLimitPolicies().stream()
          .filter(p -> needsDestination(p.target()))
          .forEach(p -> ids.add(p.id()));
      if (!ids.isEmpty()) {
        warnings.add(
            "HTTP mode knows no destination workload (set celador.http.identity.destination or"
                + " celador.http.identity.destination-header), so "
                + named(ids)
                + " never select an HTTP-mode request: they target a namespace, service account"
                + " or principal");
      }
    }
    if (!identity.trustXfcc()) {
      TreeSet<String> ids = new TreeSet<>();
      set.policies().stream()
          .filter(
              p ->
                  readsSource(
                      Stream.concat(
                          p.source().rules().stream().map(r -> r.when().text()),
                          p.source().allowHeaders().stream().map(h -> h.value().text()))))
          .forEach(p -> ids.add(p.id()));
      set.rateLimitPolicies().stream()
          .filter(
              p ->
                  readsSource(
                      p.source().limits().stream()
                          .flatMap(
                              l ->
                                  Stream.concat(
                                      Stream.of(l.key().text()),
                                      l.when().stream().map(w -> w.text())))))
          .forEach(p -> ids.add(p.id()));
      if (!ids.isEmpty()) {
        warnings.add(
            "HTTP mode knows no caller identity (set celador.http.identity.xfcc=true where Envoy"
                + " sets x-forwarded-client-cert), so source.principal, source.namespace,"
                + " source.service_account are empty and connection.mtls is false in "
                + named(ids));
      }
    }
    return warnings;
  }

  private static boolean needsDestination(TargetMatcher matcher) {
    Target t = matcher.target();
    return !t.namespaces().isEmpty() || !t.serviceAccounts().isEmpty() || !t.principals().isEmpty();
  }

  private static boolean readsSource(Stream<String> expressions) {
    return expressions.anyMatch(e -> SOURCE_IDENTITY.matcher(e).find());
  }

  private static String named(TreeSet<String> ids) {
    List<String> first = ids.stream().limit(NAMED).toList();
    String more = ids.size() > NAMED ? " and " + (ids.size() - NAMED) + " more" : "";
    return ids.size()
        + (ids.size() == 1 ? " policy (" : " policies (")
        + String.join(", ", first)
        + more
        + ")";
  }
}
