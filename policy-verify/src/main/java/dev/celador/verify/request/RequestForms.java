package dev.celador.verify.request;

import dev.celador.engine.api.AuthzRequest;

/**
 * The two ways to write a request by hand, told apart by their top level: an Envoy CheckRequest has
 * {@code attributes}; anything else is the compact form of {@link CompactRequestMapper}. Shared by
 * {@code celador eval} request files and the requests of policy tests, so both read alike.
 */
public final class RequestForms {

  private RequestForms() {}

  /** The request written in {@code root}; {@code file} names it in errors. */
  public static AuthzRequest toRequest(String file, InputNode root) {
    if (!root.isObject()) {
      throw RequestFileException.at(
          file, root.position(), "a request must be an object, found " + root.kind().description());
    }
    return isCheckRequest(root)
        ? new CheckRequestMapper(file).map(root)
        : new CompactRequestMapper(file).map(root);
  }

  /** Whether {@code root} is an Envoy CheckRequest rather than the compact form. */
  public static boolean isCheckRequest(InputNode root) {
    return root.isObject() && root.members().containsKey("attributes");
  }
}
