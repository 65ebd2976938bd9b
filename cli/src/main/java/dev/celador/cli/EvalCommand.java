package dev.celador.cli;

import dev.celador.cli.output.DecisionJson;
import dev.celador.cli.output.DecisionText;
import dev.celador.cli.request.RequestFileReader;
import dev.celador.engine.LoadResult;
import dev.celador.engine.eval.AuthzRequest;
import dev.celador.engine.eval.CompiledPolicySet;
import dev.celador.engine.eval.Decision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code celador eval}: decide one request against a policy set and show why. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate one request against policies and print the decision with a trace.",
      "",
      "The request file is JSON or YAML: an Envoy CheckRequest as Envoy or grpcurl print it, or"
          + " the compact form {source, destination, request, context, connection}."
    },
    footer = {
      "",
      "Exit codes: 0 evaluated (allowed or denied), 1 usage or I/O error, 2 policy errors."
    })
final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-p", "--policies"},
      paramLabel = "PATH",
      required = true,
      description = "Policy file or directory; repeat for more.")
  List<Path> policies;

  @Option(
      names = {"-r", "--request"},
      paramLabel = "FILE",
      required = true,
      description = "Request file (JSON or YAML, at most 1 MiB).")
  Path request;

  @Mixin OutputOption output;

  @Option(names = "--no-trace", description = "Leave out the per-rule trace.")
  boolean noTrace;

  @Override
  public Integer call() {
    LoadResult loaded = PolicyLoading.load(policies, spec.commandLine().getErr());
    Optional<CompiledPolicySet> set = loaded.policySet();
    if (set.isEmpty()) {
      return PolicyLoading.failureExitCode(loaded);
    }
    AuthzRequest authzRequest = new RequestFileReader().read(request);
    Decision decision = set.get().evaluate(authzRequest, !noTrace);
    PrintWriter out = spec.commandLine().getOut();
    out.print(output.json() ? DecisionJson.render(decision) : DecisionText.render(decision));
    out.flush();
    return ExitCodes.OK;
  }
}
