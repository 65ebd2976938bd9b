package dev.celador.cli.output;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code -o yaml}: the same document {@code -o json} prints, as block YAML. One writer makes the
 * document (JSON, with its field order); this only changes its notation, so the two never say
 * different things.
 */
public final class YamlOutput {

  private YamlOutput() {}

  /** {@code json} (one JSON document) as YAML, keys in the same order, with a final newline. */
  public static String fromJson(String json) {
    Object document = JsonOutput.read(json);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(Integer.MAX_VALUE); // a long reason stays one scalar, as in the JSON
    options.setSplitLines(false);
    return new Yaml(options).dump(document);
  }
}
