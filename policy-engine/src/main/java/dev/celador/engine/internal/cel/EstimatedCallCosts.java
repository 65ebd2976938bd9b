package dev.celador.engine.internal.cel;

import static dev.celador.engine.internal.cel.CostEstimator.UNBOUNDED;
import static dev.celador.engine.internal.cel.Saturating.add;
import static dev.celador.engine.internal.cel.Saturating.max;
import static dev.celador.engine.internal.cel.Saturating.multiply;
import static dev.celador.engine.internal.cel.Saturating.times;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one function call can cost at worst, on top of its arguments, and how large its result can
 * be, from the expression's declared input sizes (the load-time estimate; {@link CallCosts} is the
 * run-time charge from actual arguments). cel-go's checker rules for the standard functions, its
 * extensions' estimators (sets), and kube-apiserver's ({@code
 * k8s.io/apiserver/pkg/cel/library/cost.go}) for the strings extension and the Kubernetes library.
 * Everything else costs 1, as in cel-go.
 */
final class EstimatedCallCosts {

  // The units are the run-time charge's (CallCosts, BudgetMeter), so estimate and meter agree.
  private static final double STRING_TRAVERSAL = CallCosts.TRAVERSAL;
  private static final double REGEX_LENGTH = CallCosts.REGEX_LENGTH;
  private static final long AUTHZ_CHECK = BudgetMeter.AUTHZ_CHECK_COST;

  /** Longest text of a number, a bool, a timestamp or a duration, as {@code string()} prints it. */
  private static final long PRINTED_SCALAR = 40;

  private static final Set<String> ORDERING = Set.of("_<_", "_<=_", "_>_", "_>=_");
  private static final Set<String> STRING_WALKS =
      Set.of("lowerAscii", "upperAscii", "trim", "substring", "reverse");
  private static final Set<String> PARSES =
      Set.of(
          "url",
          "isURL",
          "cidr",
          "isCIDR",
          "isIP",
          "ip",
          "quantity",
          "isQuantity",
          "semver",
          "isSemver");
  private static final Set<String> LIST_WALKS = Set.of("isSorted", "sum", "max", "min");

  private EstimatedCallCosts() {}

  static long cost(CostEstimator est, CelExpr e) {
    CelExpr.CelCall call = e.call();
    String fn = call.function();
    List<CelExpr> args = call.args();
    if (fn.equals("dyn") && args.size() == 1) {
      long cost = add(1, est.cost(args.get(0)));
      est.copySizes(e, args.get(0));
      return cost;
    }
    List<Long> argCosts = new ArrayList<>();
    long sum = 0;
    for (CelExpr arg : args) {
      long c = est.cost(arg);
      argCosts.add(c);
      sum = add(sum, c);
    }
    CelExpr target = call.target().orElse(null);
    if (target != null) {
      sum = add(sum, est.cost(target));
    }
    List<CelExpr> operands = new ArrayList<>();
    if (target != null) {
      operands.add(target);
    }
    operands.addAll(args);
    return switch (fn) {
      case "_&&_", "_||_" -> sum;
      case "_?_:_" -> conditional(est, e, args, argCosts);
      default -> add(sum, own(est, e, fn, operands, target != null));
    };
  }

  private static long conditional(
      CostEstimator est, CelExpr e, List<CelExpr> args, List<Long> argCosts) {
    Long a = est.size(args.get(1));
    Long b = est.size(args.get(2));
    est.setSize(e, a == null || b == null ? null : max(a, b));
    CostEstimator.Entry ea = est.entry(args.get(1));
    est.setEntry(e, ea == null ? null : ea.union(est.entry(args.get(2))));
    return add(argCosts.get(0), max(argCosts.get(1), argCosts.get(2)));
  }

  /** The call's own cost, without its arguments'; records the result's size where known. */
  private static long own(
      CostEstimator est, CelExpr e, String fn, List<CelExpr> in, boolean member) {
    CelExpr first = in.isEmpty() ? null : in.get(0);
    switch (fn) {
      case "_+_":
        return plus(est, e, in);
      case "_==_", "_!=_":
        return times(
            Math.min(est.sizeOrUnbounded(in.get(0)), est.sizeOrUnbounded(in.get(1))),
            STRING_TRAVERSAL);
      case "@in":
        return est.type(in.get(1)).kind() == CelKind.MAP ? 1 : est.sizeOrUnbounded(in.get(1));
      case "_[_]", "_[?_]":
        return index(est, e, in);
      case "_?._":
        if (in.get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
          est.extendPath(e, first, in.get(1).constant().stringValue());
        }
        return 1;
      case "matches", "find", "findAll":
        {
          long text = times(add(est.sizeOrUnbounded(first), 1), STRING_TRAVERSAL);
          long regex = times(est.sizeOrUnbounded(in.get(1)), REGEX_LENGTH);
          if (!fn.equals("matches")) {
            est.setSize(e, est.size(first));
            est.setEntry(e, new CostEstimator.Entry(1, est.sizeOrUnbounded(first)));
          }
          return multiply(text, regex);
        }
      case "contains":
        if (member && in.size() == 2 && est.type(first).kind() == CelKind.STRING) {
          return multiply(walk(est, first), walk(est, in.get(1)));
        }
        return 1;
      case "startsWith", "endsWith":
        return in.size() == 2 ? walk(est, in.get(1)) : 1;
      case "string", "bytes":
        return conversion(est, e, fn, first, in.size());
      case "charAt":
        est.setSize(e, 1L);
        return walk(est, first);
      case "indexOf", "lastIndexOf":
        return est.type(first).kind() == CelKind.LIST ? listWalk(est, first) : walk(est, first);
      case "split":
        return split(est, e, in);
      case "join":
        return join(est, e, in);
      case "format":
        {
          long size =
              add(est.sizeOrUnbounded(first), printed(est, in.size() > 1 ? in.get(1) : null));
          est.setSize(e, size);
          return times(size, STRING_TRAVERSAL);
        }
      case "strings.quote":
        {
          long size = est.sizeOrUnbounded(first);
          est.setSize(e, add(multiply(size, 2), 2));
          return times(size, STRING_TRAVERSAL);
        }
      case "sets.contains", "sets.intersects":
        return add(1, multiply(est.sizeOrUnbounded(in.get(0)), est.sizeOrUnbounded(in.get(1))));
      case "sets.equivalent":
        return add(
            1,
            multiply(2, multiply(est.sizeOrUnbounded(in.get(0)), est.sizeOrUnbounded(in.get(1)))));
      case "math.greatest", "math.least":
        return in.size() == 1 && est.type(first).kind() == CelKind.LIST
            ? add(1, est.sizeOrUnbounded(first))
            : 1;
      case "optional.of", "optional.ofNonZeroValue", "value":
        est.copySizes(e, first);
        return 1;
      case "or", "orValue":
        {
          Long a = est.size(first);
          Long b = est.size(in.get(1));
          est.setSize(e, a == null || b == null ? null : max(a, b));
          return 1;
        }
      case "check":
        return member ? AUTHZ_CHECK : 1;
      case "ip.isCanonical":
        return multiply(2, parse(est, in));
      case "containsIP", "containsCIDR":
        return add(4, parse(est, in));
      case "slice", "distinct", "flatten", "sort", "sortBy":
        est.setSize(e, est.size(first));
        est.setEntry(e, est.entry(first));
        long n = est.sizeOrUnbounded(first);
        return fn.equals("distinct") ? multiply(n, n) : n;
      default:
        break;
    }
    if (ORDERING.contains(fn)) {
      CelKind kind = est.type(in.get(0)).kind();
      return kind == CelKind.STRING || kind == CelKind.BYTES || kind == CelKind.DYN
          ? times(
              Math.min(est.sizeOrUnbounded(in.get(0)), est.sizeOrUnbounded(in.get(1))),
              STRING_TRAVERSAL)
          : 1;
    }
    if (STRING_WALKS.contains(fn) && member) {
      est.setSize(e, est.size(first));
      return walk(est, first);
    }
    if (PARSES.contains(fn)) {
      return Math.max(1, parse(est, in));
    }
    if (LIST_WALKS.contains(fn) && member) {
      return listWalk(est, first);
    }
    return 1;
  }

  /** Parsing the last operand when it is a string (an IP, CIDR, URL, quantity or version). */
  private static long parse(CostEstimator est, List<CelExpr> in) {
    CelExpr text = in.get(in.size() - 1);
    return est.type(text).kind() == CelKind.STRING ? walk(est, text) : 0;
  }

  private static long walk(CostEstimator est, CelExpr e) {
    return times(est.sizeOrUnbounded(e), STRING_TRAVERSAL);
  }

  /** {@code +}: strings and bytes are copied; lists are joined in O(1) but sizes add up. */
  private static long plus(CostEstimator est, CelExpr e, List<CelExpr> in) {
    CelKind kind = est.type(e).kind();
    if (isScalarKind(kind)) {
      return 1;
    }
    long size = add(est.sizeOrUnbounded(in.get(0)), est.sizeOrUnbounded(in.get(1)));
    est.setSize(e, size);
    CostEstimator.Entry left = est.entry(in.get(0));
    est.setEntry(e, left == null ? null : left.union(est.entry(in.get(1))));
    return kind == CelKind.LIST ? 1 : times(size, STRING_TRAVERSAL);
  }

  private static boolean isScalarKind(CelKind kind) {
    return switch (kind) {
      case INT, UINT, DOUBLE, TIMESTAMP, DURATION -> true;
      default -> false;
    };
  }

  /** {@code x[i]}: the value's size is the container's entry size or its declared item size. */
  private static long index(CostEstimator est, CelExpr e, List<CelExpr> in) {
    CelExpr container = in.get(0);
    boolean list = est.type(container).kind() == CelKind.LIST;
    est.extendPath(e, container, list ? "@items" : "@values");
    CostEstimator.Entry entry = est.entry(container);
    if (entry != null) {
      est.setSize(e, entry.value());
    }
    return 1;
  }

  private static long conversion(CostEstimator est, CelExpr e, String fn, CelExpr arg, int arity) {
    if (arity != 1) {
      return 1;
    }
    CelKind from = est.type(arg).kind();
    if (fn.equals("bytes")) {
      if (from == CelKind.STRING) {
        est.setSize(e, multiply(est.sizeOrUnbounded(arg), 4));
        return walk(est, arg);
      }
      est.setSize(e, est.size(arg));
      return 1;
    }
    switch (from) {
      case STRING -> est.setSize(e, est.size(arg));
      case BYTES -> {
        est.setSize(e, est.size(arg));
        return walk(est, arg);
      }
      case INT, UINT, DOUBLE, BOOL, TIMESTAMP, DURATION -> est.setSize(e, PRINTED_SCALAR);
      default -> {}
    }
    return 1;
  }

  /** {@code isSorted}, {@code sum}, {@code min}, {@code max} and list {@code indexOf}. */
  private static long listWalk(CostEstimator est, CelExpr list) {
    long perElement = 1;
    CelType type = est.type(list);
    if (type instanceof ListType listType) {
      CelKind kind = listType.elemType().kind();
      if (kind == CelKind.STRING || kind == CelKind.BYTES) {
        perElement = add(1, times(elementSize(est, list), STRING_TRAVERSAL));
      }
    }
    return multiply(est.sizeOrUnbounded(list), perElement);
  }

  /** The largest element of a list: from its construction, or declared for its items. */
  private static long elementSize(CostEstimator est, CelExpr list) {
    CostEstimator.Entry entry = est.entry(list);
    if (entry != null) {
      return entry.value();
    }
    CelType type = est.type(list);
    CelType element = type instanceof ListType l ? l.elemType() : type;
    List<String> path = est.path(list);
    Long declared = path == null ? null : est.declaredSize(append(path, "@items"), element);
    if (declared == null && CostEstimator.isScalar(element)) {
      return 1;
    }
    return declared == null ? UNBOUNDED : declared;
  }

  /** A string's split: worst case every character is a part (or the limit caps the count). */
  private static long split(CostEstimator est, CelExpr e, List<CelExpr> in) {
    long size = est.sizeOrUnbounded(in.get(0));
    long parts = size;
    if (in.size() > 2 && in.get(2).getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
      parts = Math.max(0, Math.min(size, in.get(2).constant().int64Value()));
    }
    est.setSize(e, parts);
    est.setEntry(e, new CostEstimator.Entry(1, size));
    return times(size, 2 * STRING_TRAVERSAL);
  }

  /** A list's join: every element, and a separator between each two. */
  private static long join(CostEstimator est, CelExpr e, List<CelExpr> in) {
    CelExpr list = in.get(0);
    long count = est.sizeOrUnbounded(list);
    long size = multiply(count, elementSize(est, list));
    if (in.size() > 1) {
      size = add(size, multiply(est.sizeOrUnbounded(in.get(1)), Math.max(0, count - 1)));
    }
    est.setSize(e, size);
    return times(size, STRING_TRAVERSAL);
  }

  /** Characters {@code format} can print for its argument list (a number prints up to 40). */
  private static long printed(CostEstimator est, CelExpr list) {
    if (list == null) {
      return 0;
    }
    return multiply(est.sizeOrUnbounded(list), max(elementSize(est, list), PRINTED_SCALAR));
  }

  private static List<String> append(List<String> path, String segment) {
    List<String> longer = new ArrayList<>(path);
    longer.add(segment);
    return longer;
  }
}
