package dev.celador.engine.internal.parse;

import org.yaml.snakeyaml.LoaderOptions;

/**
 * The bounds that keep hostile or broken input from exhausting memory, stack or time. Policy files
 * come from Git and ConfigMaps that many people can write to, so every limit is enforced before or
 * while parsing, never after.
 */
final class YamlLimits {

  /** Largest policy file accepted, in bytes (and, for text already in memory, code points). */
  static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

  /**
   * Deepest nesting of mappings and lists. A real policy is under ten levels deep; the limit stops
   * snakeyaml's recursive composer long before it could overflow the stack.
   */
  static final int MAX_NESTING_DEPTH = 64;

  /**
   * How many aliases to lists or mappings a file may use. Each one can multiply the size of the
   * expanded document ("billion laughs"), so policies get only a handful.
   */
  static final int MAX_COLLECTION_ALIASES = 20;

  private YamlLimits() {}

  /** Fresh options for one parse; snakeyaml's options objects are mutable, so never share them. */
  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    // Duplicate keys are reported by MappingReader with both positions; snakeyaml only checks them
    // when constructing Java objects, which the node API never does.
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setCodePointLimit(MAX_FILE_BYTES);
    options.setAllowRecursiveKeys(false);
    return options;
  }
}
