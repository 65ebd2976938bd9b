package dev.celador.engine.internal.parse;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.Diagnostics;
import dev.celador.engine.internal.source.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads policy files from paths (files, or directories walked recursively) and parses them. Test
 * suites ({@code *_test.yaml}) and {@code testdata/} folders are skipped when walking directories.
 * Policies must be unique by kind, namespace and name across everything loaded. Text already in
 * memory loads through {@link #loadSources} with the same parser and checks.
 */
public final class PolicyLoader {

  private final SourceReader reader = new SourceReader();
  private final PolicyParser parser;

  /** A loader for the default root namespace, {@link Tenancy#DEFAULT}. */
  public PolicyLoader() {
    this(Tenancy.DEFAULT);
  }

  /** A loader whose policies are confined to their namespaces unless in {@code tenancy}'s root. */
  public PolicyLoader(Tenancy tenancy) {
    this.parser = new PolicyParser(tenancy);
  }

  /**
   * Whether {@code file} is named as a test suite ({@code *_test.yaml}), which directory walks
   * skip; a suite named explicitly is read like any file, so commands that only take policies use
   * this to leave it out.
   */
  public static boolean isTestSuite(Path file) {
    Path name = file.getFileName();
    return name != null && PolicyFiles.isTestSuiteName(name.toString());
  }

  public LoadedSources load(List<Path> paths) {
    PolicyFiles.Listing listing = PolicyFiles.list(paths);
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.addAll(listing.problems());
    boolean ioError = !listing.problems().isEmpty();
    List<SourceFile> read = new ArrayList<>();
    for (PolicyFiles.PolicyFile file : listing.files()) {
      SourceReader.Read result = reader.read(file.path(), file.name());
      ioError |= result.ioError();
      if (result.problem() != null) {
        diagnostics.add(result.problem());
      } else {
        read.add(result.source());
      }
    }
    return parse(read, diagnostics, ioError);
  }

  /**
   * Parses policy text that is already in memory, such as custom resources read from the API
   * server, exactly as files are parsed. Each source's name stands for a file name in diagnostics
   * and must be unique.
   */
  public LoadedSources loadSources(List<SourceFile> files) {
    return parse(files, new Diagnostics(), false);
  }

  private LoadedSources parse(List<SourceFile> files, Diagnostics diagnostics, boolean ioError) {
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    List<PolicyDocument> documents = new ArrayList<>();
    List<UncheckedExpression> unchecked = new ArrayList<>();
    for (SourceFile file : files) {
      sources.put(file.name(), file);
      ParseResult parsed = parser.parse(file);
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
