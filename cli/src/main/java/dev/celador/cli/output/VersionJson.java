package dev.celador.cli.output;

import tools.jackson.databind.node.ObjectNode;

/** {@code celador version -o json}: one object, fields in a fixed order. */
public final class VersionJson {

  private VersionJson() {}

  public static String render(String version, String commit, String built, String jdk) {
    ObjectNode node = JsonOutput.object();
    node.put("version", version);
    node.put("commit", commit);
    node.put("built", built);
    node.put("jdk", jdk);
    return JsonOutput.write(node);
  }
}
