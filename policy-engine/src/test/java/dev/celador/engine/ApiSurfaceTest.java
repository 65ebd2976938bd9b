package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an embedder sees: the public signatures of the API package and of the facade. The API
 * package is closed (its signatures name only its own types and the JDK's), so requests, decisions
 * and admission values never drag an internal type into an embedder's code. The facade still names
 * a few internal types, for Celador's own front doors and commands; they are listed here so that a
 * new one is a deliberate change, not an accident.
 */
class ApiSurfaceTest {

  private static final String ENGINE = "dev.celador.engine";
  private static final String API = ENGINE + ".api";
  private static final String INTERNAL = ENGINE + ".internal.";

  /**
   * Internal types the facade's signatures name, and why each is not API: compiled sets and reports
   * are for Celador's commands (check, test, apply), the rest is wiring a front door supplies (key
   * fetching, rate-limit stores, params and Namespaces).
   */
  private static final Set<String> FACADE_INTERNALS =
      Set.of(
          "admission.AdmissionContext", // params, Namespaces, authorizer: fed by the front door
          "admission.AdmissionMutation", // mutate's result with its JSON Patch, for the webhook
          "admission.AdmissionReport", // explain's per-policy report, for apply and audit
          "admission.CompiledAdmissionSet", // for check, test and coverage
          "eval.CompiledPolicySet", // for check, test and coverage
          "jwt.KeySourceStats", // JWKS fetch state, for metrics and readiness
          "jwt.KeySources", // the JWKS cache a loader shares with the engine
          "parse.Tenancy", // the root namespace, validated where policies are read
          "ratelimit.RateLimitBackends", // local and Redis stores, wired by serve
          "source.Diagnostic"); // file:line:col findings; embedders use LoadResult.render()

  @Test
  void api_publicSignatures_nameOnlyApiAndJdkTypes() {
    Map<String, Set<String>> foreign = signatureTypes(API);
    foreign.keySet().removeIf(t -> t.startsWith("java.") || t.startsWith(API + "."));

    assertThat(foreign).as("types outside the API package, with where they appear").isEmpty();
  }

  @Test
  void facade_publicSignatures_nameOnlyListedInternals() {
    Map<String, Set<String>> internals = signatureTypes(ENGINE);
    internals.keySet().removeIf(t -> !t.startsWith(INTERNAL));
    Set<String> named = new TreeSet<>();
    internals.keySet().forEach(t -> named.add(t.substring(INTERNAL.length())));

    assertThat(named)
        .as("internal types in the facade's signatures: %s", internals)
        .containsExactlyInAnyOrderElementsOf(FACADE_INTERNALS);
  }

  /** Every type named by a public member of a public type of {@code pkg}, with where. */
  private static Map<String, Set<String>> signatureTypes(String pkg) {
    Map<String, Set<String>> found = new TreeMap<>();
    for (JavaClass javaClass :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(pkg)) {
      Class<?> type = javaClass.reflect();
      if (!javaClass.getPackageName().equals(pkg) || !Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      for (Member member : publicMembers(type)) {
        member.types().forEach(t -> collect(t, member.name(), found));
      }
    }
    return found;
  }

  private record Member(String name, List<Type> types) {}

  private static List<Member> publicMembers(Class<?> type) {
    List<Member> members = new ArrayList<>();
    String owner = type.getSimpleName() + ".";
    for (var method : type.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic()) {
        members.add(
            new Member(
                owner + method.getName(),
                Stream.concat(
                        Stream.of(method.getGenericReturnType()),
                        Arrays.stream(method.getGenericParameterTypes()))
                    .toList()));
      }
    }
    for (var constructor : type.getDeclaredConstructors()) {
      if (Modifier.isPublic(constructor.getModifiers())) {
        members.add(new Member(owner + "<init>", List.of(constructor.getGenericParameterTypes())));
      }
    }
    for (var field : type.getDeclaredFields()) {
      if (Modifier.isPublic(field.getModifiers())) {
        members.add(new Member(owner + field.getName(), List.of(field.getGenericType())));
      }
    }
    return members;
  }

  private static void collect(Type type, String where, Map<String, Set<String>> found) {
    if (type instanceof Class<?> c) {
      if (c.isArray()) {
        collect(c.getComponentType(), where, found);
      } else if (!c.isPrimitive()) {
        found.computeIfAbsent(c.getName(), n -> new TreeSet<>()).add(where);
      }
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), where, found);
      Arrays.stream(p.getActualTypeArguments()).forEach(a -> collect(a, where, found));
    } else if (type instanceof WildcardType w) {
      Arrays.stream(w.getUpperBounds()).forEach(b -> collect(b, where, found));
    } else if (type instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), where, found);
    } // type variables: bounded by JDK types here
  }
}
