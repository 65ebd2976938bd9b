package dev.celador.engine.internal.cel;

import dev.cel.common.CelOptions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import dev.cel.runtime.CelInternalRuntimeLibrary;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.InternalCelFunctionBinding;
import dev.cel.runtime.RuntimeEquality;
import dev.cel.runtime.RuntimeHelpers;
import dev.cel.runtime.standard.AddOperator.AddOverload;
import dev.cel.runtime.standard.CelStandardOverload;
import dev.cel.runtime.standard.ContainsFunction.ContainsOverload;
import dev.cel.runtime.standard.MatchesFunction.MatchesOverload;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the function bindings that charge a call's cost before it runs. cel-java (0.14) has no
 * runtime cost tracking, so each overload whose work grows with its arguments ({@link CallCosts})
 * is bound to a wrapper that asks the evaluation's {@link BudgetMeter} first and only then calls
 * cel-java's own implementation; a regex taken from data is sized before it is compiled. The meter
 * of the evaluation running on this thread is found through a thread-local that {@link #run} sets:
 * cel-java's planner evaluates synchronously on the calling thread. Expressions that run without a
 * meter (plain comparisons on the fast path) find none and pay nothing but the lookup.
 */
public final class MeteredCalls {

  /** Functions whose size-dependent cost is charged before they run (see {@link BudgetMeter}). */
  static final Set<String> PRECHARGED_FUNCTIONS =
      Set.of(
          "_+_",
          "matches",
          "contains",
          "indexOf",
          "lastIndexOf",
          "join",
          "split",
          "replace",
          "lowerAscii",
          "upperAscii",
          "reverse",
          "trim",
          "strings.quote",
          "format",
          "find",
          "findAll",
          "sets.contains",
          "sets.intersects",
          "sets.equivalent",
          "flatten",
          "distinct",
          "sort",
          "celador.@sortByKeys",
          "slice",
          "lists.range");

  /** The standard overloads bound here instead, by function name. */
  private static final Map<String, List<CelStandardOverload>> STANDARD =
      Map.of(
          "_+_",
          List.of(AddOverload.ADD_STRING, AddOverload.ADD_BYTES, AddOverload.ADD_LIST),
          "matches",
          List.of(MatchesOverload.MATCHES, MatchesOverload.MATCHES_STRING),
          "contains",
          List.of(ContainsOverload.CONTAINS_STRING));

  private static final ThreadLocal<BudgetMeter> CURRENT = new ThreadLocal<>();

  private MeteredCalls() {}

  /** An evaluation that may throw CEL's checked exception. */
  @FunctionalInterface
  public interface Evaluation<T> {
    T run() throws CelEvaluationException;
  }

  /** Runs {@code evaluation} with {@code meter} charged by the calls it makes on this thread. */
  public static <T> T run(BudgetMeter meter, Evaluation<T> evaluation)
      throws CelEvaluationException {
    BudgetMeter outer = CURRENT.get();
    CURRENT.set(meter);
    try {
      return evaluation.run();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer); // a lazily evaluated admission variable inside another expression
      }
    }
  }

  /**
   * The standard functions less the overloads this class binds itself; {@code keep} may leave out
   * more.
   */
  public static CelStandardFunctions standardFunctions(
      CelStandardFunctions.Builder.FunctionFilter keep) {
    return CelStandardFunctions.newBuilder()
        .filterFunctions(
            (function, overload) ->
                STANDARD.values().stream().noneMatch(l -> l.contains(overload))
                    && keep.include(function, overload))
        .build();
  }

  /** The metered bindings of the standard overloads {@link #standardFunctions} leaves out. */
  public static List<CelFunctionBinding> standardBindings(CelOptions options) {
    RuntimeEquality equality = RuntimeEquality.create(RuntimeHelpers.create(), options);
    List<CelFunctionBinding> bindings = new ArrayList<>();
    for (var function : STANDARD.entrySet()) {
      List<CelFunctionBinding> overloads = new ArrayList<>();
      for (CelStandardOverload overload : function.getValue()) {
        overloads.add(overload.newFunctionBinding(options, equality));
      }
      // Grouped under the function's name, as cel-java groups its own, for dyn arguments.
      bindings.addAll(CelFunctionBinding.fromOverloads(function.getKey(), overloads));
    }
    return wrap(bindings);
  }

  /**
   * {@code library} with each of its growing overloads bound to a metered wrapper. The library's
   * bindings are captured from its {@code setRuntimeOptions} (everything else it sets passes
   * through), once per runtime build.
   */
  public static CelRuntimeLibrary library(CelRuntimeLibrary library) {
    return new MeteredLibrary(library);
  }

  /**
   * A library whose bindings are captured and re-added metered. Internal libraries (lists, sets)
   * take the runtime's equality and options; the others only the builder.
   */
  private record MeteredLibrary(CelRuntimeLibrary library) implements CelInternalRuntimeLibrary {
    @Override
    public void setRuntimeOptions(CelRuntimeBuilder runtime) {
      List<CelFunctionBinding> captured = new ArrayList<>();
      library.setRuntimeOptions(capturing(runtime, captured));
      runtime.addFunctionBindings(wrap(captured));
    }

    @Override
    public void setRuntimeOptions(
        CelRuntimeBuilder runtime, RuntimeEquality equality, CelOptions options) {
      if (!(library instanceof CelInternalRuntimeLibrary internal)) {
        setRuntimeOptions(runtime);
        return;
      }
      List<CelFunctionBinding> captured = new ArrayList<>();
      internal.setRuntimeOptions(capturing(runtime, captured), equality, options);
      runtime.addFunctionBindings(wrap(captured));
    }
  }

  /** A builder that keeps function bindings in {@code captured} and passes the rest through. */
  private static CelRuntimeBuilder capturing(
      CelRuntimeBuilder runtime, List<CelFunctionBinding> captured) {
    return (CelRuntimeBuilder)
        Proxy.newProxyInstance(
            CelRuntimeBuilder.class.getClassLoader(),
            new Class<?>[] {CelRuntimeBuilder.class},
            (proxy, method, args) -> {
              if (method.getName().equals("addFunctionBindings")) {
                if (args[0] instanceof CelFunctionBinding[] array) {
                  captured.addAll(List.of(array));
                } else {
                  ((Iterable<?>) args[0]).forEach(b -> captured.add((CelFunctionBinding) b));
                }
                return proxy;
              }
              try {
                Object result = method.invoke(runtime, args);
                return result == runtime ? proxy : result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /**
   * Each binding with a cost rule wrapped to charge first; the others as they are. Overloads that a
   * library grouped under a function name (for dispatch on dyn arguments) are grouped again, so the
   * dispatcher calls the wrappers too.
   */
  public static List<CelFunctionBinding> wrap(Iterable<CelFunctionBinding> bindings) {
    Map<String, List<CelFunctionBinding>> groups = new LinkedHashMap<>();
    Set<String> metered = new HashSet<>();
    List<CelFunctionBinding> out = new ArrayList<>();
    for (CelFunctionBinding binding : bindings) {
      CelFunctionBinding wrapped = wrapOne(binding);
      String function =
          binding instanceof InternalCelFunctionBinding internal
              ? internal.getFunctionName()
              : null;
      if (function == null) {
        out.add(wrapped);
        continue;
      }
      if (wrapped != binding) {
        metered.add(function);
      }
      groups.computeIfAbsent(function, f -> new ArrayList<>()).add(wrapped);
    }
    groups.forEach(
        (function, members) -> {
          if (!metered.contains(function)) {
            out.addAll(members);
            return;
          }
          // Rebuilt over the wrappers: drop the old dispatcher, which calls the originals.
          List<CelFunctionBinding> overloads = new ArrayList<>();
          for (CelFunctionBinding member : members) {
            if (!isDispatcher(member)) {
              overloads.add(member);
            }
          }
          out.addAll(CelFunctionBinding.fromOverloads(function, overloads));
        });
    return out;
  }

  private static boolean isDispatcher(CelFunctionBinding binding) {
    return binding.getClass().getSimpleName().equals("DynamicDispatchBinding");
  }

  /** {@code binding} wrapped to charge first, or {@code binding} itself when it is cheap. */
  private static CelFunctionBinding wrapOne(CelFunctionBinding binding) {
    String id = binding.getOverloadId();
    CallCosts.Rule rule = CallCosts.rule(id);
    boolean regex = isRegex(id);
    if (rule == null && !regex) {
      return binding;
    }
    CelFunctionOverload original = binding.getDefinition();
    CelFunctionOverload metered =
        args -> {
          if (regex && args.length > 1 && args[1] instanceof String pattern) {
            RegexSize.check(pattern, CelLimits.MAX_REGEX_PROGRAM_SIZE);
          }
          BudgetMeter meter = CURRENT.get();
          if (meter != null && rule != null) {
            meter.chargeCall(id, rule.of(args));
          }
          return original.apply(args);
        };
    // The unary and binary factories make the overloads cel-java's dispatcher expects.
    @SuppressWarnings("unchecked")
    List<Class<Object>> types = (List<Class<Object>>) (List<?>) binding.getArgTypes();
    return switch (types.size()) {
      case 1 -> CelFunctionBinding.from(id, types.get(0), x -> metered.apply(new Object[] {x}));
      case 2 ->
          CelFunctionBinding.from(
              id, types.get(0), types.get(1), (x, y) -> metered.apply(new Object[] {x, y}));
      default -> CelFunctionBinding.from(id, binding.getArgTypes(), metered);
    };
  }

  private static boolean isRegex(String overloadId) {
    return overloadId.equals("matches")
        || overloadId.equals("matches_string")
        || overloadId.startsWith("string_find_");
  }
}
