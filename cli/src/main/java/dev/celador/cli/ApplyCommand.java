package dev.celador.cli;

import dev.celador.cli.output.ApplyJson;
import dev.celador.cli.output.ApplyJunit;
import dev.celador.cli.output.ApplySarif;
import dev.celador.cli.output.ApplySummary;
import dev.celador.cli.output.ApplyText;
import dev.celador.cli.output.JudgedObject;
import dev.celador.cli.output.ObjectMutation;
import dev.celador.cli.output.YamlOutput;
import dev.celador.engine.LoadResult;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.MutatedRequest;
import dev.celador.engine.internal.admission.ObjectFileException;
import dev.celador.engine.internal.admission.ObjectFiles;
import dev.celador.engine.internal.admission.ObjectRequests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code celador apply}: judge plain manifests with the admission policies, as the webhook would.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Judge Kubernetes manifests with admission policies: each object as the CREATE (or, with"
          + " --old, UPDATE) the API server would send the webhook, with a result per object and"
          + " policy binding (pass, fail, warn, audit, error, skip and why). Mutating admission"
          + " policies run first: the output names those that changed the object and their JSON"
          + " Patch, and validation judges the mutated object. Nothing is sent to a cluster.",
      "",
      "Manifests are YAML or JSON files or directories (*.yaml, *.yml, *.json), many documents"
          + " per file, kind: List flattened; - reads standard input, so the output of helm"
          + " template or kustomize build can be piped in. Objects are read and judged one at a"
          + " time."
    },
    footer = {
      "",
      "Exit codes: 0 no object would be denied, 1 usage or I/O error (or no object found),"
          + " 2 policy errors or an invalid manifest, 3 some object would be denied."
    })
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand CeladorCommand parent;

  @Mixin PoliciesOption policies;

  @Parameters(
      paramLabel = "MANIFEST",
      arity = "1..*",
      description = "Manifest file or directory; - reads standard input.")
  List<Path> manifests;

  @Option(
      names = "--old",
      paramLabel = "PATH",
      description =
          "The objects as they are now (file or directory): a manifest with the same kind,"
              + " namespace and name is judged as an UPDATE of it.")
  Path old;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAME",
      defaultValue = "default",
      description =
          "Namespace of namespaced objects that name none, as kubectl's (default:"
              + " ${DEFAULT-VALUE}).")
  String namespace;

  @Mixin RequestUserOptions requester;
  @Mixin AdmissionContextOptions admission;
  @Mixin PolicyDefaultsOption policyDefaults;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json, yaml, junit or sarif (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(
      names = {"-v", "--verbose"},
      description = "Text: show every policy binding, also those that passed or were skipped.")
  boolean verbose;

  @Override
  public Integer call() {
    List<Path> named = new ArrayList<>(policies.paths);
    named.addAll(manifests);
    StandardInput.atMostOnce(named);
    for (Path manifest : manifests) {
      if (!StandardInput.isDash(manifest) && !Files.exists(manifest)) {
        throw new UserException(manifest + ": no such file or directory");
      }
    }
    StandardInput stdin = parent.stdin();
    PrintWriter err = spec.commandLine().getErr();
    LoadResult loaded = PolicyLoading.load(policies.paths, stdin, err, policyDefaults.defaults());
    if (loaded.admission().isEmpty()) {
      return PolicyLoading.failureExitCode(loaded);
    }
    CompiledAdmissionSet set = loaded.admission().get();
    if (set.policyCount() == 0) {
      throw new UserException("no admission policies in " + names(policies.paths));
    }
    AdmissionContext context = admission.context();
    OldObjects olds = old == null ? OldObjects.none(namespace) : OldObjects.read(old, namespace);
    AdmissionRequest.UserInfo userInfo = requester.userInfo();
    PrintWriter out = spec.commandLine().getOut();
    ApplySummary summary = new ApplySummary();
    // Text and JSON are written as objects are judged; YAML is the JSON converted at the end, and
    // JUnit and SARIF need every result first, so only they keep results (never objects).
    StringWriter yaml = format == OutputFormat.YAML ? new StringWriter() : null;
    ApplyJson json =
        format == OutputFormat.JSON
            ? new ApplyJson(out)
            : format == OutputFormat.YAML ? new ApplyJson(yaml) : null;
    List<JudgedObject> kept = new ArrayList<>();
    Consumer<ObjectFiles.Located> judge =
        located -> {
          Map<String, Object> object = located.object();
          Map<String, Object> previous = olds.of(object);
          AdmissionRequest request =
              previous == null
                  ? ObjectRequests.create(object, namespace, userInfo)
                  : ObjectRequests.update(object, previous, namespace, userInfo);
          JudgedObject judged;
          if (set.mutatingPolicies().isEmpty()) {
            judged =
                JudgedObject.of(
                    located.where(), AdmissionReviewMapper.explain(set, request, context));
          } else {
            // As the webhook would see it: after the mutating policies, which run first.
            MutatedRequest mutated = set.mutateForValidation(request, context);
            judged =
                JudgedObject.of(
                    located.where(),
                    MutationEval.judge(set, mutated, context),
                    ObjectMutation.of(mutated));
          }
          summary.add(judged);
          if (format == OutputFormat.TEXT) {
            out.print(ApplyText.object(judged, verbose, parent.palette()));
            out.flush();
          } else if (json != null) {
            json.add(judged);
          } else {
            kept.add(judged);
          }
        };
    String error = null;
    try {
      for (Path manifest : manifests) {
        if (StandardInput.isDash(manifest)) {
          ObjectFiles.stream(StandardInput.NAME, stdin.reader(), judge);
        } else {
          ObjectFiles.stream(manifest, judge);
        }
      }
    } catch (ObjectFileException e) {
      error = e.getMessage();
    }
    if (error == null && summary.objects() == 0) {
      throw new UserException("no Kubernetes objects in " + names(manifests));
    }
    if (json != null) {
      json.finish(summary, error);
    }
    out.print(
        switch (format) {
          case TEXT -> error == null ? ApplyText.summary(summary) : "";
          case JSON -> "";
          case YAML -> YamlOutput.fromJson(yaml.toString());
          case JUNIT -> error == null ? ApplyJunit.render(kept, summary) : "";
          case SARIF -> error == null ? ApplySarif.render(kept) : "";
        });
    out.flush();
    if (error != null) {
      err.println("celador: " + error);
      err.flush();
      return ExitCodes.INVALID_MANIFEST;
    }
    return summary.denied() > 0 ? ExitCodes.VIOLATIONS : ExitCodes.OK;
  }

  private static String names(List<Path> paths) {
    return String.join(", ", paths.stream().map(Path::toString).toList());
  }
}
