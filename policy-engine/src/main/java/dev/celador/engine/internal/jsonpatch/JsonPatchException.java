package dev.celador.engine.internal.jsonpatch;

/**
 * Why a patch does not apply, worded as kube-apiserver words it (its JSON patch library's
 * messages). {@link #testFailed()} marks a {@code test} operation whose value differed: the API
 * server then drops the whole patch without an error.
 */
public final class JsonPatchException extends Exception {

  private final boolean testFailed;

  JsonPatchException(String message, boolean testFailed) {
    super(message, null, false, false);
    this.testFailed = testFailed;
  }

  public boolean testFailed() {
    return testFailed;
  }
}
