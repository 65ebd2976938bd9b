package dev.celador.engine.internal.cel.k8s;

import dev.cel.checker.CelCheckerBuilder;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;

/**
 * The Kubernetes CEL library as one cel-java library: add it to the compiler and the runtime of an
 * environment, next to the cel-java extensions kube-apiserver also enables (strings without {@code
 * indexOf}/{@code lastIndexOf}, which this library takes over; sets; lists; two-variable
 * comprehensions; optionals).
 */
public final class KubernetesLibrary implements CelCompilerLibrary, CelRuntimeLibrary {

  public static final KubernetesLibrary INSTANCE = new KubernetesLibrary();

  private KubernetesLibrary() {}

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    checker.addFunctionDeclarations(KubeDeclarations.all());
    checker.addFunctionDeclarations(AuthzLibrary.declarations());
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    runtime.addFunctionBindings(KubeBindings.all());
    runtime.addFunctionBindings(AuthzLibrary.bindings());
  }
}
