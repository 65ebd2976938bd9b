package dev.celador.engine.internal.admission;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.ListType;
import dev.cel.common.types.TypeParamType;
import dev.cel.parser.CelMacro;
import dev.cel.parser.CelMacroExprFactory;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The lists extension's {@code list.sortBy(e, key)}, typed as cel-go types it: {@code list(T)}.
 * cel-java 0.14 declares its helper so that the result is the list of (element, key) pairs, which
 * refuses valid policies such as {@code items.sortBy(i, i.n) == [...]}. Here the macro expands to
 * {@code @sortByKeys(list, list.map(e, key))} over a helper typed {@code (list(T), list(K)) ->
 * list(T)}.
 */
final class SortBy {

  static final String FUNCTION = "celador.@sortByKeys";
  private static final String OVERLOAD = "celador_sort_by_keys";

  static final CelMacro MACRO = CelMacro.newReceiverMacro("sortBy", 2, SortBy::expand);

  static final CelFunctionDecl DECLARATION =
      CelFunctionDecl.newFunctionDeclaration(
          FUNCTION,
          CelOverloadDecl.newGlobalOverload(
              OVERLOAD,
              ListType.create(TypeParamType.create("T")),
              ListType.create(TypeParamType.create("T")),
              ListType.create(TypeParamType.create("K"))));

  static final CelFunctionBinding BINDING =
      CelFunctionBinding.from(OVERLOAD, List.class, List.class, SortBy::sort);

  private SortBy() {}

  private static Optional<CelExpr> expand(
      CelMacroExprFactory factory, CelExpr target, ImmutableList<CelExpr> arguments) {
    CelExpr variable = arguments.get(0);
    if (variable.getKind() != CelExpr.ExprKind.Kind.IDENT) {
      return Optional.of(
          factory.reportError("sortBy(var, ...) variable name must be a simple identifier"));
    }
    String accumulator = factory.getAccumulatorVarName();
    CelExpr keys =
        factory.fold(
            variable.ident().name(),
            factory.copy(target),
            accumulator,
            factory.newList(),
            factory.newBoolLiteral(true),
            factory.newGlobalCall(
                "_+_", factory.newIdentifier(accumulator), factory.newList(arguments.get(1))),
            factory.newIdentifier(accumulator));
    return Optional.of(factory.newGlobalCall(FUNCTION, target, keys));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Object> sort(List<?> items, List<?> keys) {
    List<Integer> order = new ArrayList<>();
    Class<?> keyType = null;
    for (int i = 0; i < items.size(); i++) {
      Object key = keys.get(i);
      if (!(key instanceof Comparable) || (keyType != null && key.getClass() != keyType)) {
        throw new IllegalArgumentException("list elements must have the same type");
      }
      keyType = key.getClass();
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> (Comparable) keys.get(i))); // stable, as cel-go's
    List<Object> sorted = new ArrayList<>();
    for (int i : order) {
      sorted.add(items.get(i));
    }
    return sorted;
  }
}
