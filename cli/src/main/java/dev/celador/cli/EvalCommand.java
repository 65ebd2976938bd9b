package dev.celador.cli;

import dev.celador.cli.output.AdmissionTraceOutput;
import dev.celador.cli.output.DecisionJson;
import dev.celador.cli.output.DecisionText;
import dev.celador.cli.request.RequestFileReader;
import dev.celador.engine.LoadResult;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.jwt.KeySourceStats;
import dev.celador.verify.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code celador eval}: decide one request against a policy set and show why. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate one request against policies and print the decision with a trace.",
      "",
      "The request file is JSON or YAML: an Envoy CheckRequest as Envoy or grpcurl print it, or"
          + " the compact form {source, destination, request, context, connection}.",
      "",
      "With --admission-review instead of --request, the file is an AdmissionReview v1 (JSON or"
          + " YAML); the output is the AdmissionReview response the admission webhook returns for"
          + " it (compact JSON, one line, byte for byte), then the trace of every policy and"
          + " binding: matched or skipped and why, each validation's result (--no-trace leaves it"
          + " out; -o json prints both as one document: review, trace)."
          + " Policies with paramKind/paramRef take their params from --params; namespaceSelector"
          + " and namespaceObject take Namespaces from --namespaces. Both accept YAML or JSON"
          + " files or directories (*.yaml, *.yml, *.json; many documents per file; kind: List is"
          + " flattened). Without them there are no params and no namespaces, as in an empty"
          + " cluster.",
      "",
      "--jwt-algorithm or --jwt-key add a token signed for this run to the request, as a"
          + " PolicyTest case's jwt input does: e.g. --jwt-algorithm ES256 --jwt-issuer"
          + " https://login.example.com --jwt-claims '{\"sub\":\"alice\",\"aud\":\"orders-api\"}'."
    },
    footer = {
      "",
      "Exit codes: 0 evaluated (allowed or denied), 1 usage or I/O error, 2 policy errors."
    })
final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand CeladorCommand parent;

  @Mixin PoliciesOption policies;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  /** What to evaluate: an HTTP request or an AdmissionReview. */
  static final class Input {
    @Option(
        names = {"-r", "--request"},
        paramLabel = "FILE",
        description = "Request file (JSON or YAML, at most 1 MiB); - reads standard input.")
    Path request;

    @Option(
        names = "--admission-review",
        paramLabel = "FILE",
        description =
            "AdmissionReview v1 file (- reads standard input); prints the webhook's response.")
    Path admissionReview;
  }

  @Mixin AdmissionContextOptions admission;
  @Mixin OutputOption output;
  @Mixin PolicyDefaultsOption policyDefaults;

  @Option(names = "--no-trace", description = "Leave out the per-rule trace.")
  boolean noTrace;

  @Mixin EvalToken token;

  @Override
  public Integer call() {
    List<Path> named = new ArrayList<>(policies.paths);
    named.add(input.request);
    named.add(input.admissionReview);
    StandardInput.atMostOnce(named);
    StandardInput stdin = parent.stdin();
    Optional<SigningKey> signingKey = token.signingKey();
    if (signingKey.isPresent() && input.admissionReview != null) {
      throw new UserException("--jwt-* sign a token for --request, not for --admission-review");
    }
    LoadResult loaded =
        PolicyLoading.load(
            policies.paths,
            stdin,
            spec.commandLine().getErr(),
            policyDefaults.defaults(),
            false,
            EvalToken.pinnedJwks(signingKey));
    Optional<CompiledPolicySet> set = loaded.policySet();
    if (set.isEmpty()) {
      return PolicyLoading.failureExitCode(loaded);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (input.admissionReview != null) {
      AdmissionReviewEval.Judged judged =
          AdmissionReviewEval.explain(
              loaded.admission().orElseThrow(), reviewText(stdin), admission.context());
      out.print(
          output.json()
              ? output.document(
                  AdmissionTraceOutput.json(judged.mutation(), judged.report(), !noTrace))
              : AdmissionTraceOutput.text(judged.mutation(), judged.report(), !noTrace));
      out.flush();
      return ExitCodes.OK;
    }
    if (!admission.isEmpty()) {
      throw new UserException("--params and --namespaces apply only with --admission-review");
    }
    AuthzRequest read =
        StandardInput.isDash(input.request)
            ? new RequestFileReader()
                .parse(StandardInput.NAME, stdin.read(RequestFileReader.MAX_BYTES).text())
            : new RequestFileReader().read(input.request);
    AuthzRequest authzRequest =
        signingKey.map(key -> token.apply(read, key, Instant.now())).orElse(read);
    set.get().awaitKeys(EvalKeys.WAIT);
    Decision decision = set.get().evaluate(authzRequest, !noTrace);
    out.print(
        output.json()
            ? output.document(DecisionJson.render(decision))
            : DecisionText.render(decision, parent.palette()));
    out.flush();
    List<KeySourceStats> unfetched = EvalKeys.failed(set.get());
    if (unfetched.isEmpty()) {
      return ExitCodes.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    unfetched.forEach(stats -> err.println(EvalKeys.describe(stats)));
    err.flush();
    // A token refused (401) may be the missing keys' doing, not the request's: a script must not
    // take it for the policies' answer. Any other decision did not depend on those keys.
    return decision.status() == 401 ? ExitCodes.USAGE_OR_IO : ExitCodes.OK;
  }

  private SourceFile reviewText(StandardInput stdin) {
    return StandardInput.isDash(input.admissionReview)
        ? stdin.read(AdmissionReviewEval.MAX_BYTES)
        : AdmissionReviewEval.readFile(input.admissionReview);
  }
}
