package dev.celador.engine.parse;

import dev.celador.engine.model.PolicyDocument;
import dev.celador.engine.source.Diagnostic;
import dev.celador.engine.source.Diagnostics;
import dev.celador.engine.source.SourceFile;
import dev.celador.engine.source.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads policy files from paths (files, or directories walked recursively) and parses them. Test
 * suites ({@code *_test.yaml}) and {@code testdata/} folders are skipped when walking directories.
 * Policies must be unique by kind, namespace and name across everything loaded.
 */
public final class PolicyLoader {

  private final SourceReader reader = new SourceReader();
  private final PolicyParser parser = new PolicyParser();

  public LoadedSources load(List<Path> paths) {
    PolicyFiles.Listing listing = PolicyFiles.list(paths);
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.addAll(listing.problems());
    boolean ioError = !listing.problems().isEmpty();
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    List<PolicyDocument> documents = new ArrayList<>();
    List<UncheckedExpression> unchecked = new ArrayList<>();
    for (PolicyFiles.PolicyFile file : listing.files()) {
      SourceReader.Read read = reader.read(file.path(), file.name());
      ioError |= read.ioError();
      if (read.problem() != null) {
        diagnostics.add(read.problem());
        continue;
      }
      sources.put(file.name(), read.source());
      ParseResult parsed = parser.parse(read.source());
      diagnostics.addAll(parsed.diagnostics());
      documents.addAll(parsed.documents());
      unchecked.addAll(parsed.unchecked());
    }
    List<PolicyDocument> unique = withoutDuplicates(documents, diagnostics);
    return new LoadedSources(sources, unique, diagnostics.toList(), ioError, unchecked);
  }

  /**
   * The documents minus any whose kind and id were already loaded; each duplicate is reported at
   * its name, pointing at the first, since the engine could not tell the two apart in decisions.
   */
  private static List<PolicyDocument> withoutDuplicates(
      List<PolicyDocument> documents, Diagnostics diagnostics) {
    Map<String, SourceLocation> first = new HashMap<>();
    List<PolicyDocument> unique = new ArrayList<>();
    for (PolicyDocument document : documents) {
      String key = document.kind() + " " + document.metadata().id();
      SourceLocation here = document.metadata().location();
      SourceLocation earlier = first.putIfAbsent(key, here);
      if (earlier == null) {
        unique.add(document);
      } else {
        diagnostics.add(
            Diagnostic.error(
                Reporter.DUPLICATE_NAME,
                here,
                "metadata.name: duplicate "
                    + document.kind()
                    + " '"
                    + document.metadata().id()
                    + "'; first defined at "
                    + earlier));
      }
    }
    return unique;
  }
}
