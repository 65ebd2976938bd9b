package dev.celador.engine.internal.cel;

import static dev.celador.engine.internal.cel.Saturating.add;
import static dev.celador.engine.internal.cel.Saturating.max;
import static dev.celador.engine.internal.cel.Saturating.multiply;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Estimates, before an expression ever runs, the most it can cost, in cel-go's cost units (about 50
 * ns each) and by cel-go's checker rules ({@code checker/cost.go}), from the {@link DeclaredSizes}
 * of its inputs: selecting a field costs 1, a string operation a tenth of the characters it walks,
 * {@code matches} the walk times a quarter of the pattern's length, and a comprehension its range's
 * largest size times the cost of one step. {@code cel.bind} variables and comprehension variables
 * carry the sizes of what they stand for, so a loop over {@code request.headers} knows its values
 * are header values. Only the upper bound is tracked.
 *
 * <p>Function costs are in {@link CallCosts}. One instance per expression; not thread-safe.
 */
public final class CostEstimator {

  /** Saturated: a cost or size with no bound. */
  public static final long UNBOUNDED = Saturating.UNBOUNDED;

  static final long SELECT_COST = 1;
  static final long LIST_CREATE_COST = 10;
  static final long MAP_CREATE_COST = 30;
  static final long STRUCT_CREATE_COST = 40;

  private static final Set<String> ACCUMULATORS = Set.of("__result__", "@result");

  private final CelAbstractSyntaxTree ast;
  private final DeclaredSizes declared;
  private final Map<Long, List<String>> paths = new HashMap<>();
  private final Map<Long, Long> sizes = new HashMap<>();
  private final Map<Long, Entry> entries = new HashMap<>();
  private final Map<String, Deque<Local>> locals = new HashMap<>();
  private final Map<Long, Long> costs = new HashMap<>();
  private final Map<Long, Long> rangeSizes = new HashMap<>();

  /** Sizes of a container's keys (or indices) and values, when known from its construction. */
  record Entry(long key, long value) {
    Entry union(Entry other) {
      return other == null ? null : new Entry(max(key, other.key), max(value, other.value));
    }
  }

  private record Local(List<String> path, Long size, Entry entry) {}

  private CostEstimator(CelAbstractSyntaxTree ast, DeclaredSizes declared) {
    this.ast = ast;
    this.declared = declared;
  }

  /** The estimate of a type-checked expression whose inputs have the {@code declared} sizes. */
  public static Estimate estimate(CelAbstractSyntaxTree ast, DeclaredSizes declared) {
    CostEstimator estimator = new CostEstimator(ast, declared);
    long total = estimator.cost(ast.getExpr());
    return new Estimate(total, estimator);
  }

  /** The worst-case cost of an expression, and of each of its nodes, to say where it comes from. */
  public record Estimate(long cost, CostEstimator nodes) {
    /** The estimated cost of the node {@code id}, 0 if it was not reached. */
    public long costOf(long id) {
      return nodes.costs.getOrDefault(id, 0L);
    }

    /** The largest number of iterations of comprehension {@code id}, if it is one. */
    public Long iterationsOf(long id) {
      return nodes.rangeSizes.get(id);
    }

    /** The declared path of {@code expr}'s value, or null. */
    public List<String> pathOf(CelExpr expr) {
      return nodes.path(expr);
    }

    /** The largest size of {@code expr}'s value, or {@link #UNBOUNDED}. */
    public long sizeOf(CelExpr expr) {
      return nodes.sizeOrUnbounded(expr);
    }
  }

  long cost(CelExpr e) {
    long cost =
        switch (e.getKind()) {
          case CONSTANT -> 0;
          case IDENT -> costIdent(e);
          case SELECT -> costSelect(e);
          case CALL -> EstimatedCallCosts.cost(this, e);
          case LIST -> costList(e);
          case MAP -> costMap(e);
          case STRUCT -> costStruct(e);
          case COMPREHENSION -> isBind(e) ? costBind(e) : costComprehension(e);
          default -> 0;
        };
    costs.put(e.id(), cost);
    return cost;
  }

  private long costIdent(CelExpr e) {
    String name = e.ident().name();
    Local local = local(name);
    paths.put(e.id(), local != null ? local.path() : List.of(name));
    // Remembered by id, so a diagnostic can still say how large it was once its scope is gone.
    setSize(e, size(e));
    return SELECT_COST;
  }

  private long costSelect(CelExpr e) {
    CelExpr.CelSelect select = e.select();
    long operand = cost(select.operand());
    if (select.testOnly()) {
      return add(operand, SELECT_COST);
    }
    CelKind kind = type(select.operand()).kind();
    long cost =
        kind == CelKind.MAP || kind == CelKind.STRUCT || kind == CelKind.TYPE_PARAM
            ? add(operand, SELECT_COST)
            : operand;
    extendPath(e, select.operand(), select.field());
    return cost;
  }

  private long costList(CelExpr e) {
    long sum = LIST_CREATE_COST;
    long item = 0;
    for (CelExpr element : e.list().elements()) {
      sum = add(sum, cost(element));
      item = max(item, sizeOrUnbounded(element));
    }
    entries.put(e.id(), new Entry(1, item));
    return sum;
  }

  private long costMap(CelExpr e) {
    long sum = MAP_CREATE_COST;
    long key = 0;
    long value = 0;
    for (CelExpr.CelMap.Entry entry : e.map().entries()) {
      sum = add(sum, add(cost(entry.key()), cost(entry.value())));
      key = max(key, sizeOrUnbounded(entry.key()));
      value = max(value, sizeOrUnbounded(entry.value()));
    }
    entries.put(e.id(), new Entry(key, value));
    return sum;
  }

  private long costStruct(CelExpr e) {
    long sum = STRUCT_CREATE_COST;
    for (CelExpr.CelStruct.Entry field : e.struct().entries()) {
      sum = add(sum, cost(field.value()));
    }
    return sum;
  }

  /** {@code cel.bind(v, init, body)}: an empty range, a false condition, a named accumulator. */
  private static boolean isBind(CelExpr e) {
    CelExpr.CelComprehension c = e.comprehension();
    CelExpr condition = c.loopCondition();
    return c.iterRange().getKind() == CelExpr.ExprKind.Kind.LIST
        && c.iterRange().list().elements().isEmpty()
        && condition.getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && condition.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE
        && !condition.constant().booleanValue()
        && !ACCUMULATORS.contains(c.accuVar());
  }

  private long costBind(CelExpr e) {
    CelExpr.CelComprehension c = e.comprehension();
    long sum = add(cost(c.iterRange()), cost(c.accuInit()));
    pushValue(c.accuVar(), c.accuInit());
    sum = add(sum, cost(c.result()));
    pop(c.accuVar());
    copySizes(e, c.result());
    return sum;
  }

  private long costComprehension(CelExpr e) {
    CelExpr.CelComprehension c = e.comprehension();
    CelExpr range = c.iterRange();
    long sum = add(cost(range), cost(c.accuInit()));
    pushValue(c.accuVar(), c.accuInit());
    Entry rangeEntry = entry(range);
    boolean list = isList(range);
    List<String> rangePath = path(range);
    if (c.iterVar2().isEmpty()) {
      Long size = rangeEntry == null ? null : list ? rangeEntry.value() : rangeEntry.key();
      push(c.iterVar(), append(rangePath, list ? "@items" : "@keys"), size);
    } else {
      push(c.iterVar(), append(rangePath, list ? "@indices" : "@keys"), keySize(rangeEntry));
      push(c.iterVar2(), append(rangePath, list ? "@items" : "@values"), valueSize(rangeEntry));
    }
    long step = add(cost(c.loopCondition()), cost(c.loopStep()));
    pop(c.iterVar());
    if (!c.iterVar2().isEmpty()) {
      pop(c.iterVar2());
    }
    sum = add(sum, cost(c.result()));
    pop(c.accuVar());
    long iterations = sizeOrUnbounded(range);
    rangeSizes.put(e.id(), iterations);
    sum = add(sum, multiply(iterations, step));
    switch (c.accuInit().getKind()) {
      case CONSTANT -> setSize(e, size(c.accuInit()));
      case LIST, MAP -> {
        setSize(e, iterations);
        Entry stepEntry = entry(c.loopStep());
        if (stepEntry != null) {
          entries.put(e.id(), stepEntry);
        }
      }
      default -> {}
    }
    return sum;
  }

  private boolean isList(CelExpr range) {
    CelKind kind = type(range).kind();
    if (kind == CelKind.LIST) {
      return true;
    }
    return kind != CelKind.MAP && range.getKind() == CelExpr.ExprKind.Kind.LIST;
  }

  private static Long keySize(Entry entry) {
    return entry == null ? null : entry.key();
  }

  private static Long valueSize(Entry entry) {
    return entry == null ? null : entry.value();
  }

  // ---- sizes and paths, shared with CallCosts ----

  CelType type(CelExpr e) {
    return ast.getType(e.id()).orElse(SimpleType.DYN);
  }

  List<String> path(CelExpr e) {
    if (e.getKind() == CelExpr.ExprKind.Kind.IDENT) {
      Local local = local(e.ident().name());
      if (local != null) {
        return local.path();
      }
    }
    return paths.get(e.id());
  }

  void extendPath(CelExpr e, CelExpr operand, String segment) {
    List<String> base = path(operand);
    if (base != null) {
      paths.put(e.id(), append(base, segment));
    }
  }

  /** The largest size of {@code e}'s value, or null when nothing bounds it. */
  Long size(CelExpr e) {
    Long computed = sizes.get(e.id());
    if (computed != null) {
      return computed;
    }
    Long literal = literalSize(e);
    if (literal != null) {
      return literal;
    }
    if (isScalar(type(e))) {
      return 1L;
    }
    List<String> path = path(e);
    if (path != null && !path.isEmpty() && !ACCUMULATORS.contains(path.get(0))) {
      var bound = declared.max(path, type(e));
      if (bound.isPresent()) {
        return bound.getAsLong();
      }
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.IDENT) {
      Local local = local(e.ident().name());
      if (local != null) {
        return local.size();
      }
    }
    return null;
  }

  long sizeOrUnbounded(CelExpr e) {
    Long size = size(e);
    return size == null ? UNBOUNDED : size;
  }

  /** The largest size of a value at {@code path} of {@code type}, declared or by type. */
  Long declaredSize(List<String> path, CelType type) {
    if (isScalar(type)) {
      return 1L;
    }
    if (path == null || path.isEmpty() || ACCUMULATORS.contains(path.get(0))) {
      return null;
    }
    var bound = declared.max(path, type);
    return bound.isPresent() ? bound.getAsLong() : null;
  }

  void setSize(CelExpr e, Long size) {
    if (size != null) {
      sizes.put(e.id(), size);
    }
  }

  Entry entry(CelExpr e) {
    Entry computed = entries.get(e.id());
    if (computed != null) {
      return computed;
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.IDENT) {
      Local local = local(e.ident().name());
      if (local != null) {
        return local.entry();
      }
    }
    return null;
  }

  void setEntry(CelExpr e, Entry entry) {
    if (entry != null) {
      entries.put(e.id(), entry);
    }
  }

  void copySizes(CelExpr to, CelExpr from) {
    setSize(to, size(from));
    setEntry(to, entry(from));
    List<String> path = path(from);
    if (path != null) {
      paths.put(to.id(), path);
    }
  }

  private static Long literalSize(CelExpr e) {
    return switch (e.getKind()) {
      case CONSTANT ->
          switch (e.constant().getKind()) {
            case STRING_VALUE ->
                (long)
                    e.constant()
                        .stringValue()
                        .codePointCount(0, e.constant().stringValue().length());
            case BYTES_VALUE -> (long) e.constant().bytesValue().size();
            default -> 1L;
          };
      case LIST -> (long) e.list().elements().size();
      case MAP -> (long) e.map().entries().size();
      default -> null;
    };
  }

  static boolean isScalar(CelType type) {
    return switch (type.kind()) {
      case BOOL, DOUBLE, DURATION, INT, TIMESTAMP, UINT, NULL_TYPE -> true;
      case OPAQUE ->
          type.name().equals("optional_type")
              && !type.parameters().isEmpty()
              && isScalar(type.parameters().get(0));
      default -> false;
    };
  }

  private void pushValue(String name, CelExpr value) {
    locals
        .computeIfAbsent(name, k -> new ArrayDeque<>())
        .push(new Local(path(value), size(value), entry(value)));
  }

  private void push(String name, List<String> path, Long size) {
    locals.computeIfAbsent(name, k -> new ArrayDeque<>()).push(new Local(path, size, null));
  }

  private void pop(String name) {
    locals.get(name).pop();
  }

  private Local local(String name) {
    Deque<Local> stack = locals.get(name);
    return stack == null || stack.isEmpty() ? null : stack.peek();
  }

  private static List<String> append(List<String> path, String segment) {
    if (path == null) {
      return null;
    }
    List<String> longer = new ArrayList<>(path.size() + 1);
    longer.addAll(path);
    longer.add(segment);
    return List.copyOf(longer);
  }
}
