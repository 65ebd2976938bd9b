package dev.celador.engine.internal.cel.k8s;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The named formats of Kubernetes' {@code format} library, with apimachinery's messages. */
final class KubeFormats {

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN = LABEL + "(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String QUALIFIED = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
  private static final Pattern UUID =
      Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");

  static final String LABEL_MESSAGE =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '"
          + LABEL
          + "')";
  static final String SUBDOMAIN_MESSAGE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is '"
          + SUBDOMAIN.replace("\\\\", "\\")
          + "')";
  static final String DNS1035_MESSAGE =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
          + " alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or"
          + " 'abc-123', regex used for validation is '"
          + DNS1035
          + "')";
  static final String LABEL_VALUE_MESSAGE =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is '"
          + LABEL_VALUE
          + "')";
  static final String NAME_PART_MESSAGE =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
          + " used for validation is '"
          + QUALIFIED
          + "')";

  static final Map<String, NamedFormat> FORMATS = formats();

  private KubeFormats() {}

  private static Map<String, NamedFormat> formats() {
    Map<String, NamedFormat> f = new LinkedHashMap<>();
    f.put("dns1123Label", new NamedFormat("DNS1123Label", s -> label(s)));
    f.put("dns1123Subdomain", new NamedFormat("DNS1123Subdomain", s -> subdomain(s)));
    f.put("dns1035Label", new NamedFormat("DNS1035Label", s -> dns1035(s)));
    f.put("qualifiedName", new NamedFormat("QualifiedName", KubeFormats::qualifiedName));
    f.put("dns1123LabelPrefix", new NamedFormat("DNS1123LabelPrefix", s -> label(mask(s))));
    f.put(
        "dns1123SubdomainPrefix",
        new NamedFormat("DNS1123SubdomainPrefix", s -> subdomain(mask(s))));
    f.put("dns1035LabelPrefix", new NamedFormat("DNS1035LabelPrefix", s -> dns1035(mask(s))));
    f.put("labelValue", new NamedFormat("LabelValue", KubeFormats::labelValue));
    f.put("uri", new NamedFormat("URI", KubeFormats::uri));
    f.put(
        "uuid",
        new NamedFormat(
            "uuid", s -> check(UUID.matcher(s).matches(), "does not match the UUID format")));
    f.put("byte", new NamedFormat("byte", s -> check(isBase64(s), "invalid base64")));
    f.put("date", new NamedFormat("date", s -> check(isDate(s), "invalid date")));
    f.put("datetime", new NamedFormat("datetime", s -> check(isDateTime(s), "invalid datetime")));
    return Map.copyOf(f);
  }

  /** A prefix for generateName may end in '-': validate it as if it ended in a letter. */
  private static String mask(String s) {
    return s.endsWith("-") ? s.substring(0, s.length() - 1) + "a" : s;
  }

  private static List<String> check(boolean ok, String message) {
    return ok ? List.of() : List.of(message);
  }

  static List<String> label(String s) {
    List<String> errors = new ArrayList<>();
    if (s.length() > 63) {
      errors.add("must be no more than 63 characters");
    }
    if (!s.matches(LABEL)) {
      errors.add(LABEL_MESSAGE);
    }
    return errors;
  }

  static List<String> subdomain(String s) {
    List<String> errors = new ArrayList<>();
    if (s.length() > 253) {
      errors.add("must be no more than 253 characters");
    }
    if (!s.matches(SUBDOMAIN)) {
      errors.add(SUBDOMAIN_MESSAGE);
    }
    return errors;
  }

  static List<String> dns1035(String s) {
    List<String> errors = new ArrayList<>();
    if (s.length() > 63) {
      errors.add("must be no more than 63 characters");
    }
    if (!s.matches(DNS1035)) {
      errors.add(DNS1035_MESSAGE);
    }
    return errors;
  }

  /** Label values and keys are apimachinery's content checks: lengths in bytes. */
  static List<String> labelValue(String s) {
    List<String> errors = new ArrayList<>();
    if (utf8Length(s) > 63) {
      errors.add("must be no more than 63 bytes");
    }
    if (!s.matches(LABEL_VALUE)) {
      errors.add(LABEL_VALUE_MESSAGE);
    }
    return errors;
  }

  static List<String> qualifiedName(String s) {
    List<String> errors = new ArrayList<>();
    String[] parts = s.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errors.add("prefix part must be non-empty");
      } else {
        for (String e : subdomain(prefix)) {
          errors.add("prefix part " + e);
        }
      }
    } else {
      return List.of(
          "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must"
              + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
              + " '123-abc', regex used for validation is '"
              + QUALIFIED
              + "') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }
    if (name.isEmpty()) {
      errors.add("name part must be non-empty");
    } else if (utf8Length(name) > 63) {
      errors.add("name part must be no more than 63 bytes");
    }
    if (!name.matches(QUALIFIED)) {
      errors.add(NAME_PART_MESSAGE);
    }
    return errors;
  }

  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static List<String> uri(String s) {
    try {
      KubeUrl.parse(s);
      return List.of();
    } catch (RuntimeException e) {
      String m = e.getMessage();
      return List.of(m.substring(m.indexOf("parse \"")));
    }
  }

  private static boolean isBase64(String s) {
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isDate(String s) {
    try {
      LocalDate.parse(s);
      return s.length() == 10;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isDateTime(String s) {
    try {
      OffsetDateTime.parse(s.replace('t', 'T').replace('z', 'Z'));
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
