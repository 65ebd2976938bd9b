package dev.celador.engine.internal.admission;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelVarDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelListsExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.standard.StringFunction.StringOverload;
import dev.celador.engine.internal.cel.CelLimits;
import dev.celador.engine.internal.cel.MeteredCalls;
import dev.celador.engine.internal.cel.k8s.GoFloats;
import dev.celador.engine.internal.cel.k8s.KubeTypes;
import dev.celador.engine.internal.cel.k8s.KubernetesLibrary;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment of admission policies, as kube-apiserver builds it: schemaless {@code
 * object}, {@code oldObject}, {@code params} and {@code namespaceObject}, the typed {@code
 * request}, the policy's {@code variables}, the {@code authorizer}; the Kubernetes library; and the
 * cel-go extensions the API server enables (strings, sets, lists, two-variable comprehensions,
 * optionals), with heterogeneous numeric comparison. Immutable and thread-safe.
 */
final class AdmissionCel {

  /** Which variables an expression may use: they differ by field, as in kube-apiserver. */
  public enum Scope {
    /** validations[].expression and variables[].expression. */
    VALIDATION(true, true),
    /** messageExpression and auditAnnotations[].valueExpression: no authorizer. */
    MESSAGE(false, true),
    /** matchConditions[].expression: no variables. */
    MATCH_CONDITION(true, false);

    final boolean authorizer;
    final boolean variables;

    Scope(boolean authorizer, boolean variables) {
      this.authorizer = authorizer;
      this.variables = variables;
    }
  }

  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .enableOptionalSyntax(true)
          .comprehensionMaxIterations(1_000_000)
          .maxExpressionCodePointSize(CelLimits.MAX_EXPRESSION_LENGTH)
          .maxParseRecursionDepth(CelLimits.MAX_PARSE_RECURSION)
          .maxRegexProgramSize(CelLimits.MAX_REGEX_PROGRAM_SIZE)
          .build();

  private static final StructType NO_VARIABLES =
      RequestTypes.struct("kubernetes.variables", Map.of());

  /**
   * Stands for "the variables are not known": in a document with schema errors the variable list
   * may be broken, so {@code variables} is declared as a map of dyn and any name type-checks.
   */
  static final StructType UNKNOWN_VARIABLES =
      RequestTypes.struct("kubernetes.unknownVariables", Map.of());

  private final Cel base;

  public AdmissionCel() {
    // indexOf, lastIndexOf, charAt and substring come from the Kubernetes library (cel-go's bounds
    // and wording); reverse is strings
    // version 3, and kube-apiserver enables version 2.
    EnumSet<CelStringExtensions.Function> strings =
        EnumSet.complementOf(
            EnumSet.of(
                CelStringExtensions.Function.INDEX_OF,
                CelStringExtensions.Function.LAST_INDEX_OF,
                CelStringExtensions.Function.CHAR_AT,
                CelStringExtensions.Function.SUBSTRING,
                CelStringExtensions.Function.REVERSE));
    // sortBy comes from SortBy, typed as cel-go types it.
    EnumSet<CelListsExtensions.Function> lists =
        EnumSet.complementOf(EnumSet.of(CelListsExtensions.Function.SORT_BY));
    this.base =
        CelFactory.plannerCelBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addMacros(SortBy.MACRO)
            .addFunctionDeclarations(SortBy.DECLARATION)
            .addFunctionBindings(MeteredCalls.wrap(List.of(SortBy.BINDING)))
            .setTypeProvider(RequestTypes.PROVIDER)
            // string(double) prints the Go way (1e+21, 100, -0), so cel-java's binding makes way.
            .setStandardFunctions(
                MeteredCalls.standardFunctions(
                    (function, overload) -> overload != StringOverload.DOUBLE_TO_STRING))
            // Growing overloads charge the evaluation's meter before they run.
            .addFunctionBindings(MeteredCalls.standardBindings(OPTIONS))
            .addFunctionBindings(
                CelFunctionBinding.from("double_to_string", Double.class, GoFloats::format))
            .addVarDeclarations(
                CelVarDecl.newVarDeclaration("object", SimpleType.DYN),
                CelVarDecl.newVarDeclaration("oldObject", SimpleType.DYN),
                CelVarDecl.newVarDeclaration("params", SimpleType.DYN),
                CelVarDecl.newVarDeclaration("namespaceObject", NamespaceTypes.NAMESPACE),
                CelVarDecl.newVarDeclaration("request", RequestTypes.REQUEST))
            .addCompilerLibraries(
                KubernetesLibrary.INSTANCE,
                CelExtensions.strings(strings),
                CelExtensions.sets(OPTIONS),
                CelExtensions.lists(lists),
                CelExtensions.optional(),
                CelExtensions.comprehensions())
            .addRuntimeLibraries(
                MeteredCalls.library(KubernetesLibrary.INSTANCE),
                MeteredCalls.library(CelExtensions.strings(strings)),
                MeteredCalls.library(CelExtensions.sets(OPTIONS)),
                MeteredCalls.library(CelExtensions.lists(lists)),
                CelExtensions.optional(),
                CelExtensions.comprehensions())
            .build();
  }

  /** The environment for {@code scope}, with {@code variables} typed as {@code variablesType}. */
  Cel environment(Scope scope, StructType variablesType) {
    return environment(scope, variablesType, null);
  }

  /**
   * As {@link #environment(Scope, StructType)}; {@code mutation} (when not null) adds what
   * mutations have ({@link MutationCel}), with these {@code Object} types.
   */
  Cel environment(Scope scope, StructType variablesType, MutationCel.Types mutation) {
    // cel-java's runtime build() stores its proto value provider back into the builder, so a
    // builder derived from a built Cel would chain a second one: every value read would then run
    // through a combined converter that iterates both (an iterator allocation per read, half of an
    // admission review's garbage). Clear it; build() installs the proto provider again.
    var builder = base.toCelBuilder().setValueProvider(null);
    StructType variables = variablesType == null ? NO_VARIABLES : variablesType;
    if (scope.variables) {
      CelType declared =
          variables == UNKNOWN_VARIABLES
              ? MapType.create(SimpleType.STRING, SimpleType.DYN)
              : variables;
      builder.addVarDeclarations(CelVarDecl.newVarDeclaration("variables", declared));
    }
    if (scope.authorizer) {
      builder.addVarDeclarations(
          CelVarDecl.newVarDeclaration("authorizer", KubeTypes.AUTHORIZER),
          CelVarDecl.newVarDeclaration("authorizer.requestResource", KubeTypes.RESOURCE_CHECK));
    }
    builder.setTypeProvider(new WithVariables(variables, mutation));
    if (mutation != null) {
      MutationCel.addTo(builder);
    }
    return builder.build();
  }

  /** The struct type of {@code variables} with these names and result types, in order. */
  static StructType variablesType(Map<String, CelType> types) {
    return RequestTypes.struct("kubernetes.variables", types);
  }

  private static final class WithVariables implements CelTypeProvider {
    private final StructType variables;
    private final MutationCel.Types mutation;

    WithVariables(StructType variables, MutationCel.Types mutation) {
      this.variables = variables;
      this.mutation = mutation;
    }

    @Override
    public ImmutableCollection<CelType> types() {
      var types = ImmutableList.<CelType>builder().addAll(RequestTypes.PROVIDER.types());
      if (mutation != null) {
        types.addAll(mutation.all());
      }
      return types.add(variables).build();
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      if (typeName.equals(variables.name())) {
        return Optional.of(variables);
      }
      if (mutation != null) {
        Optional<CelType> type = mutation.find(typeName).map(CelType.class::cast);
        if (type.isPresent()) {
          return type;
        }
      }
      return RequestTypes.PROVIDER.findType(typeName);
    }
  }

  static List<String> reservedNames() {
    return List.of("object", "oldObject", "params", "namespaceObject", "request");
  }
}
