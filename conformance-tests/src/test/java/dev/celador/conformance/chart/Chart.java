package dev.celador.conformance.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** charts/celador driven through the real helm: lint, render, and the rendered objects. */
final class Chart {

  /** The values files the chart is tested with: "default" (none) and every ci/*-values.yaml. */
  static List<String> valuesCases() {
    List<String> cases = new ArrayList<>(List.of("default"));
    try (Stream<Path> files = Files.list(Tools.chart().resolve("ci"))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-values.yaml"))
          .sorted()
          .forEach(cases::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  static Command lint(String valuesCase) {
    return helm(withValues(valuesCase, "lint", "--strict", Tools.chart().toString()));
  }

  /** {@code helm template}, failing the test when helm does. */
  static String render(String release, String namespace, String valuesCase, String... extra) {
    return template(release, namespace, valuesCase, extra).ok();
  }

  static Command template(String release, String namespace, String valuesCase, String... extra) {
    List<String> args =
        withValues(
            valuesCase, "template", release, Tools.chart().toString(), "--namespace", namespace);
    args.addAll(List.of(extra));
    return helm(args);
  }

  /** The rendered documents as typed objects (GenericKubernetesResource for CRD kinds). */
  static List<HasMetadata> objects(String rendered) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : documents(rendered)) {
      out.add(Serialization.unmarshal(doc, HasMetadata.class));
    }
    return out;
  }

  /** The non-empty YAML documents of a multi-document stream. */
  static List<String> documents(String yaml) {
    List<String> docs = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      boolean content =
          doc.lines().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("#"));
      if (content) {
        docs.add(doc);
      }
    }
    return docs;
  }

  private static List<String> withValues(String valuesCase, String... args) {
    List<String> list = new ArrayList<>(List.of(args));
    if (!valuesCase.equals("default")) {
      list.addAll(List.of("--values", Tools.chart().resolve("ci").resolve(valuesCase).toString()));
    }
    return list;
  }

  private static Command helm(List<String> args) {
    List<String> argv = new ArrayList<>(List.of(Tools.helm().toString()));
    argv.addAll(args);
    return Command.run(Tools.repoRoot(), Duration.ofMinutes(2), argv);
  }

  private Chart() {}
}
