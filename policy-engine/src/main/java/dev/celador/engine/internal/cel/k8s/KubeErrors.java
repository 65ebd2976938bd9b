package dev.celador.engine.internal.cel.k8s;

import dev.cel.common.exceptions.CelInvalidArgumentException;

/** Errors of the Kubernetes CEL functions, worded as kube-apiserver words them. */
final class KubeErrors {

  private KubeErrors() {}

  static RuntimeException error(String message) {
    return new CelInvalidArgumentException(message);
  }
}
