package dev.celador.engine.internal.cel.k8s;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.DOUBLE;
import static dev.cel.common.types.SimpleType.DYN;
import static dev.cel.common.types.SimpleType.INT;
import static dev.cel.common.types.SimpleType.STRING;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.CIDR;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.FORMAT;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.IP;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.QUANTITY;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.SEMVER;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.URL;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.TypeParamType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the type-checker knows of the Kubernetes CEL library (quantity, URL, IP/CIDR, regex, lists,
 * semver, named formats, {@code string.format}). Implementations are in {@link KubeBindings}; each
 * overload id here has exactly one binding there.
 */
final class KubeDeclarations {

  private static final TypeParamType T = TypeParamType.create("T");
  private static final ListType LIST_T = ListType.create(T);
  private static final ListType STRING_LIST = ListType.create(STRING);

  private KubeDeclarations() {}

  public static List<CelFunctionDecl> all() {
    List<CelFunctionDecl> d = new ArrayList<>();
    quantity(d);
    url(d);
    network(d);
    regexAndLists(d);
    semver(d);
    format(d);
    return List.copyOf(d);
  }

  static CelOverloadDecl global(String id, CelType result, CelType... args) {
    return CelOverloadDecl.newGlobalOverload(id, result, args);
  }

  static CelOverloadDecl member(String id, CelType result, CelType... args) {
    return CelOverloadDecl.newMemberOverload(id, result, args);
  }

  static CelFunctionDecl fn(String name, CelOverloadDecl... overloads) {
    return CelFunctionDecl.newFunctionDeclaration(name, overloads);
  }

  private static void quantity(List<CelFunctionDecl> d) {
    d.add(fn("quantity", global("quantity_string", QUANTITY, STRING)));
    d.add(fn("isQuantity", global("is_quantity_string", BOOL, STRING)));
    d.add(fn("isInteger", member("quantity_is_integer", BOOL, QUANTITY)));
    d.add(fn("asInteger", member("quantity_as_integer", INT, QUANTITY)));
    d.add(fn("asApproximateFloat", member("quantity_as_float", DOUBLE, QUANTITY)));
    // A global function in kube-apiserver (sign(q)), unlike its siblings.
    d.add(fn("sign", global("quantity_sign", INT, QUANTITY)));
    d.add(
        fn(
            "add",
            member("quantity_add", QUANTITY, QUANTITY, QUANTITY),
            member("quantity_add_int", QUANTITY, QUANTITY, INT)));
    d.add(
        fn(
            "sub",
            member("quantity_sub", QUANTITY, QUANTITY, QUANTITY),
            member("quantity_sub_int", QUANTITY, QUANTITY, INT)));
    d.add(
        fn(
            "isGreaterThan",
            member("quantity_is_greater_than", BOOL, QUANTITY, QUANTITY),
            member("semver_is_greater_than", BOOL, SEMVER, SEMVER)));
    d.add(
        fn(
            "isLessThan",
            member("quantity_is_less_than", BOOL, QUANTITY, QUANTITY),
            member("semver_is_less_than", BOOL, SEMVER, SEMVER)));
    d.add(
        fn(
            "compareTo",
            member("quantity_compare_to", INT, QUANTITY, QUANTITY),
            member("semver_compare_to", INT, SEMVER, SEMVER)));
  }

  private static void url(List<CelFunctionDecl> d) {
    d.add(fn("url", global("string_to_url", URL, STRING)));
    d.add(fn("isURL", global("is_url_string", BOOL, STRING)));
    d.add(fn("getScheme", member("url_get_scheme", STRING, URL)));
    d.add(fn("getHost", member("url_get_host", STRING, URL)));
    d.add(fn("getHostname", member("url_get_hostname", STRING, URL)));
    d.add(fn("getPort", member("url_get_port", STRING, URL)));
    d.add(fn("getEscapedPath", member("url_get_escaped_path", STRING, URL)));
    d.add(fn("getQuery", member("url_get_query", MapType.create(STRING, STRING_LIST), URL)));
  }

  private static void network(List<CelFunctionDecl> d) {
    d.add(fn("ip", global("string_to_ip", IP, STRING), member("cidr_ip", IP, CIDR)));
    d.add(fn("isIP", global("is_ip_string", BOOL, STRING)));
    d.add(fn("ip.isCanonical", global("ip_is_canonical_string", BOOL, STRING)));
    d.add(fn("family", member("ip_family", INT, IP)));
    d.add(fn("isUnspecified", member("ip_is_unspecified", BOOL, IP)));
    d.add(fn("isLoopback", member("ip_is_loopback", BOOL, IP)));
    d.add(fn("isLinkLocalMulticast", member("ip_is_link_local_multicast", BOOL, IP)));
    d.add(fn("isLinkLocalUnicast", member("ip_is_link_local_unicast", BOOL, IP)));
    d.add(fn("isGlobalUnicast", member("ip_is_global_unicast", BOOL, IP)));
    d.add(fn("cidr", global("string_to_cidr", CIDR, STRING)));
    d.add(fn("isCIDR", global("is_cidr_string", BOOL, STRING)));
    d.add(
        fn(
            "containsIP",
            member("cidr_contains_ip_ip", BOOL, CIDR, IP),
            member("cidr_contains_ip_string", BOOL, CIDR, STRING)));
    d.add(
        fn(
            "containsCIDR",
            member("cidr_contains_cidr_cidr", BOOL, CIDR, CIDR),
            member("cidr_contains_cidr_string", BOOL, CIDR, STRING)));
    d.add(fn("masked", member("cidr_masked", CIDR, CIDR)));
    d.add(fn("prefixLength", member("cidr_prefix_length", INT, CIDR)));
    d.add(fn("string", global("ip_to_string", STRING, IP), global("cidr_to_string", STRING, CIDR)));
  }

  private static void regexAndLists(List<CelFunctionDecl> d) {
    d.add(fn("find", member("string_find_string", STRING, STRING, STRING)));
    d.add(
        fn(
            "findAll",
            member("string_find_all_string", STRING_LIST, STRING, STRING),
            member("string_find_all_string_int", STRING_LIST, STRING, STRING, INT)));
    d.add(fn("isSorted", member("list_is_sorted", BOOL, LIST_T)));
    d.add(fn("sum", member("list_sum", T, LIST_T)));
    d.add(fn("min", member("list_min", T, LIST_T)));
    d.add(fn("max", member("list_max", T, LIST_T)));
    // indexOf/lastIndexOf also cover the strings extension's overloads, which the Kubernetes
    // environment leaves out so one binding can serve both receivers when the type is dyn.
    d.add(
        fn(
            "indexOf",
            member("list_index_of", INT, LIST_T, T),
            member("string_index_of_string", INT, STRING, STRING),
            member("string_index_of_string_int", INT, STRING, STRING, INT)));
    // charAt and substring too, for cel-go's bounds checks and wording.
    d.add(fn("charAt", member("string_char_at_int", STRING, STRING, INT)));
    d.add(
        fn(
            "substring",
            member("string_substring_int", STRING, STRING, INT),
            member("string_substring_int_int", STRING, STRING, INT, INT)));
    d.add(
        fn(
            "lastIndexOf",
            member("list_last_index_of", INT, LIST_T, T),
            member("string_last_index_of_string", INT, STRING, STRING),
            member("string_last_index_of_string_int", INT, STRING, STRING, INT)));
  }

  private static void semver(List<CelFunctionDecl> d) {
    d.add(
        fn(
            "semver",
            global("string_to_semver", SEMVER, STRING),
            global("string_bool_to_semver", SEMVER, STRING, BOOL)));
    d.add(
        fn(
            "isSemver",
            global("is_semver_string", BOOL, STRING),
            global("is_semver_string_bool", BOOL, STRING, BOOL)));
    d.add(fn("major", member("semver_major", INT, SEMVER)));
    d.add(fn("minor", member("semver_minor", INT, SEMVER)));
    d.add(fn("patch", member("semver_patch", INT, SEMVER)));
  }

  private static void format(List<CelFunctionDecl> d) {
    d.add(fn("format.named", global("format_named", OptionalType.create(FORMAT), STRING)));
    for (String name : KubeFormats.FORMATS.keySet()) {
      d.add(fn("format." + name, global("format_" + name, FORMAT)));
    }
    d.add(
        fn(
            "validate",
            member("format_validate", OptionalType.create(STRING_LIST), FORMAT, STRING)));
    d.add(fn("format", member("string_format_list", STRING, STRING, ListType.create(DYN))));
  }
}
