package dev.celador.engine.internal.cel.k8s;

import static dev.cel.runtime.CelFunctionBinding.from;

import com.google.common.collect.ImmutableList;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The implementations of {@link KubeDeclarations}, one binding per overload id. */
final class KubeBindings {

  private KubeBindings() {}

  public static List<CelFunctionBinding> all() {
    List<CelFunctionBinding> b = new ArrayList<>();
    quantity(b);
    url(b);
    network(b);
    regexAndLists(b);
    semver(b);
    format(b);
    return List.copyOf(b);
  }

  private static void quantity(List<CelFunctionBinding> b) {
    b.add(from("quantity_string", String.class, Quantity::parse));
    b.add(from("is_quantity_string", String.class, s -> Quantity.check(s) == null));
    b.add(from("quantity_is_integer", Quantity.class, Quantity::isInteger));
    b.add(from("quantity_as_integer", Quantity.class, Quantity::asInteger));
    b.add(from("quantity_as_float", Quantity.class, Quantity::asApproximateFloat));
    b.add(from("quantity_sign", Quantity.class, Quantity::sign));
    b.add(from("quantity_add", Quantity.class, Quantity.class, (x, y) -> x.add(y.amount())));
    b.add(
        from(
            "quantity_add_int",
            Quantity.class,
            Long.class,
            (x, y) -> x.add(BigDecimal.valueOf(y))));
    b.add(from("quantity_sub", Quantity.class, Quantity.class, (x, y) -> x.subtract(y.amount())));
    b.add(
        from(
            "quantity_sub_int",
            Quantity.class,
            Long.class,
            (x, y) -> x.subtract(BigDecimal.valueOf(y))));
    b.add(
        from(
            "quantity_is_greater_than",
            Quantity.class,
            Quantity.class,
            (x, y) -> x.compareTo(y) > 0));
    b.add(
        from(
            "quantity_is_less_than", Quantity.class, Quantity.class, (x, y) -> x.compareTo(y) < 0));
    b.add(
        from(
            "quantity_compare_to",
            Quantity.class,
            Quantity.class,
            (x, y) -> (long) Integer.signum(x.compareTo(y))));
  }

  private static void url(List<CelFunctionBinding> b) {
    b.add(from("string_to_url", String.class, KubeUrl::parse));
    b.add(from("is_url_string", String.class, KubeUrl::isValid));
    b.add(from("url_get_scheme", KubeUrl.class, KubeUrl::scheme));
    b.add(from("url_get_host", KubeUrl.class, KubeUrl::host));
    b.add(from("url_get_hostname", KubeUrl.class, KubeUrl::hostname));
    b.add(from("url_get_port", KubeUrl.class, KubeUrl::port));
    b.add(from("url_get_escaped_path", KubeUrl.class, KubeUrl::escapedPath));
    b.add(from("url_get_query", KubeUrl.class, KubeUrl::query));
  }

  private static void network(List<CelFunctionBinding> b) {
    b.add(from("string_to_ip", String.class, IpAddress::parse));
    b.add(from("cidr_ip", Cidr.class, Cidr::ip));
    b.add(from("is_ip_string", String.class, IpAddress::isValid));
    b.add(
        from("ip_is_canonical_string", String.class, s -> IpAddress.parse(s).toString().equals(s)));
    b.add(from("ip_family", IpAddress.class, IpAddress::family));
    b.add(from("ip_is_unspecified", IpAddress.class, IpAddress::isUnspecified));
    b.add(from("ip_is_loopback", IpAddress.class, IpAddress::isLoopback));
    b.add(from("ip_is_link_local_multicast", IpAddress.class, IpAddress::isLinkLocalMulticast));
    b.add(from("ip_is_link_local_unicast", IpAddress.class, IpAddress::isLinkLocalUnicast));
    b.add(from("ip_is_global_unicast", IpAddress.class, IpAddress::isGlobalUnicast));
    b.add(from("string_to_cidr", String.class, Cidr::parse));
    b.add(from("is_cidr_string", String.class, s -> Cidr.tryParse(s) != null));
    b.add(from("cidr_contains_ip_ip", Cidr.class, IpAddress.class, Cidr::containsIp));
    b.add(
        from(
            "cidr_contains_ip_string",
            Cidr.class,
            String.class,
            // An unparsable string is "no such overload" there, not a parse error.
            (c, s) -> c.containsIp(IpAddress.parseOrNoOverload(s))));
    b.add(from("cidr_contains_cidr_cidr", Cidr.class, Cidr.class, Cidr::containsCidr));
    b.add(
        from(
            "cidr_contains_cidr_string",
            Cidr.class,
            String.class,
            (c, s) -> c.containsCidr(Cidr.parseOrNoOverload(s))));
    b.add(from("cidr_masked", Cidr.class, Cidr::masked));
    b.add(from("cidr_prefix_length", Cidr.class, Cidr::prefixLength));
    b.add(from("ip_to_string", IpAddress.class, IpAddress::toString));
    b.add(from("cidr_to_string", Cidr.class, Cidr::toString));
  }

  private static void regexAndLists(List<CelFunctionBinding> b) {
    b.add(from("string_find_string", String.class, String.class, ListFunctions::find));
    b.add(
        from(
            "string_find_all_string",
            String.class,
            String.class,
            (s, r) -> ListFunctions.findAll(s, r, -1)));
    b.add(
        from(
            "string_find_all_string_int",
            ImmutableList.of(String.class, String.class, Long.class),
            args -> ListFunctions.findAll((String) args[0], (String) args[1], (Long) args[2])));
    b.add(from("list_is_sorted", List.class, ListFunctions::isSorted));
    b.add(from("list_sum", List.class, ListFunctions::sum));
    b.add(from("list_min", List.class, ListFunctions::min));
    b.add(from("list_max", List.class, ListFunctions::max));
    b.addAll(
        CelFunctionBinding.fromOverloads(
            "indexOf",
            from("list_index_of", List.class, Object.class, ListFunctions::indexOf),
            from(
                "string_index_of_string",
                String.class,
                String.class,
                (s, t) -> StringIndex.indexOf(s, t, 0)),
            from(
                "string_index_of_string_int",
                ImmutableList.of(String.class, String.class, Long.class),
                a -> StringIndex.indexOf((String) a[0], (String) a[1], (Long) a[2]))));
    b.add(from("string_char_at_int", String.class, Long.class, StringIndex::charAt));
    b.addAll(
        CelFunctionBinding.fromOverloads(
            "substring",
            from(
                "string_substring_int",
                String.class,
                Long.class,
                (s, start) -> StringIndex.substring(s, start, null)),
            from(
                "string_substring_int_int",
                ImmutableList.of(String.class, Long.class, Long.class),
                a -> StringIndex.substring((String) a[0], (Long) a[1], (Long) a[2]))));
    b.addAll(
        CelFunctionBinding.fromOverloads(
            "lastIndexOf",
            from("list_last_index_of", List.class, Object.class, ListFunctions::lastIndexOf),
            from(
                "string_last_index_of_string",
                String.class,
                String.class,
                (s, t) -> StringIndex.lastIndexOf(s, t, null)),
            from(
                "string_last_index_of_string_int",
                ImmutableList.of(String.class, String.class, Long.class),
                a -> StringIndex.lastIndexOf((String) a[0], (String) a[1], (Long) a[2]))));
  }

  private static void semver(List<CelFunctionBinding> b) {
    b.add(from("string_to_semver", String.class, s -> Semver.parse(s, false)));
    b.add(from("string_bool_to_semver", String.class, Boolean.class, Semver::parse));
    b.add(from("is_semver_string", String.class, s -> Semver.isValid(s, false)));
    b.add(from("is_semver_string_bool", String.class, Boolean.class, Semver::isValid));
    b.add(from("semver_major", Semver.class, Semver::major));
    b.add(from("semver_minor", Semver.class, Semver::minor));
    b.add(from("semver_patch", Semver.class, Semver::patch));
    b.add(from("semver_is_greater_than", Semver.class, Semver.class, (x, y) -> x.compareTo(y) > 0));
    b.add(from("semver_is_less_than", Semver.class, Semver.class, (x, y) -> x.compareTo(y) < 0));
    b.add(
        from(
            "semver_compare_to",
            Semver.class,
            Semver.class,
            (x, y) -> (long) Integer.signum(x.compareTo(y))));
  }

  private static void format(List<CelFunctionBinding> b) {
    b.add(
        from(
            "format_named",
            String.class,
            name -> Optional.ofNullable(KubeFormats.FORMATS.get(name))));
    for (var entry : KubeFormats.FORMATS.entrySet()) {
      NamedFormat format = entry.getValue();
      b.add(from("format_" + entry.getKey(), ImmutableList.of(), args -> format));
    }
    b.add(
        from(
            "format_validate",
            NamedFormat.class,
            String.class,
            (f, s) -> {
              List<String> errors = f.validate(s);
              return errors.isEmpty() ? Optional.empty() : Optional.of(errors);
            }));
    b.add(from("string_format_list", String.class, List.class, StringFormatter::format));
  }
}
