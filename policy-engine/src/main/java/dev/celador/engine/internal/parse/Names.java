package dev.celador.engine.internal.parse;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The name formats policies use, checked once at load time so that later steps (indexing by target,
 * metrics labels, header maps) can rely on them.
 */
final class Names {

  /** A format and the sentence that explains it in a diagnostic. */
  record Rule(Predicate<String> test, String text) {}

  private static final String LABEL_PATTERN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS_LABEL = Pattern.compile(LABEL_PATTERN);
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile(LABEL_PATTERN + "(\\." + LABEL_PATTERN + ")*");

  /** Host labels also allow '_', which occurs in real internal host names. */
  private static final String HOST_LABEL = "[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?";

  private static final Pattern HOST =
      Pattern.compile("(\\*\\.)?" + HOST_LABEL + "(\\." + HOST_LABEL + ")*");

  /** RFC 9110 token characters besides letters and digits. */
  private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

  static final Rule SUBDOMAIN =
      new Rule(
          name -> name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches(),
          "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and"
              + " ending with a letter or digit, at most 253 characters");

  static final Rule LABEL =
      new Rule(
          name -> name.length() <= 63 && DNS_LABEL.matcher(name).matches(),
          "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with"
              + " a letter or digit, at most 63 characters");

  /** Exact host or {@code *.suffix}, already lower-cased; no port and no other wildcard. */
  static final Rule HOST_PATTERN =
      new Rule(
          host -> host.length() <= 253 && HOST.matcher(host).matches(),
          "must be a host name without port (letters, digits, '-', '_' and '.'), optionally"
              + " starting with the wildcard '*.'");

  /** An exact host, already lower-cased; no port and no wildcard. */
  static final Rule HOST_NAME =
      new Rule(
          host -> host.length() <= 253 && !host.startsWith("*") && HOST.matcher(host).matches(),
          "must be a host name without port or wildcard (letters, digits, '-', '_' and '.')");

  static final Rule HEADER_NAME =
      new Rule(
          Names::isToken,
          "must be an HTTP header name: letters, digits and any of " + TOKEN_PUNCTUATION);

  private Names() {}

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && TOKEN_PUNCTUATION.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
