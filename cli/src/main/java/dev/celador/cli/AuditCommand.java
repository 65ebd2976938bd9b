package dev.celador.cli;

import dev.celador.cli.output.AuditOutput;
import dev.celador.cli.serve.KubeConfigs;
import dev.celador.cluster.audit.AuditedKind;
import dev.celador.cluster.audit.ClusterAdmissionInputs;
import dev.celador.cluster.audit.ClusterAudit;
import dev.celador.cluster.audit.ObjectPages;
import dev.celador.engine.LoadResult;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code celador audit}: judge the objects stored in a cluster with admission policies, as the
 * webhook would, and write PolicyReports.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Judge the objects stored in a cluster with admission policies: every object of the kinds"
          + " the policies can match, listed a page at a time, each as the CREATE that would create"
          + " it today, with the cluster's params, Namespaces and SubjectAccessReviews (the"
          + " webhook's semantics). Prints the denied objects and counts, and writes a"
          + " wgpolicyk8s.io/v1alpha2 PolicyReport per namespace (ClusterPolicyReport for"
          + " cluster-scoped objects), deleting its stale ones.",
      "",
      "Policies come from files (--policies) or from the cluster (--source cluster: its"
          + " ValidatingAdmissionPolicies and bindings, and Celador's ValidatingPolicy kinds)."
    },
    footer = {
      "",
      "Exit codes: 0 no stored object would be denied, 1 usage, I/O or API error, 2 policy"
          + " errors, 3 some object would be denied."
    })
final class AuditCommand implements Callable<Integer> {

  /** The reports' name in every namespace. */
  static final String DEFAULT_REPORT_NAME = "celador-audit";

  /** Where the policies come from. */
  enum Source {
    files,
    cluster
  }

  @Spec CommandSpec spec;

  @ParentCommand CeladorCommand parent;

  @Option(
      names = {"-p", "--policies"},
      paramLabel = "PATH",
      description = "Policy file or directory; repeat for more (--source files).")
  List<Path> policies = List.of();

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      defaultValue = "files",
      description =
          "files (--policies) or cluster (the cluster's own admission policies) (default:"
              + " ${DEFAULT-VALUE}).")
  Source source;

  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description = "kubeconfig file (default: KUBECONFIG, ~/.kube/config or in-cluster).")
  Path kubeconfig;

  @Mixin RequestUserOptions requester;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "" + ObjectPages.DEFAULT_PAGE_SIZE,
      description = "Objects per list request (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(
      names = "--report-name",
      paramLabel = "NAME",
      defaultValue = DEFAULT_REPORT_NAME,
      description = "Name of the PolicyReports written (default: ${DEFAULT-VALUE}).")
  String reportName;

  @Option(
      names = "--no-reports",
      description = "Only print: write no PolicyReports and delete none.")
  boolean noReports;

  @Mixin PolicyDefaultsOption policyDefaults;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  public Integer call() {
    if (format != OutputFormat.TEXT && format != OutputFormat.JSON) {
      throw new UserException("audit prints text or json, not " + format.name().toLowerCase());
    }
    if (pageSize < 1) {
      throw new UserException("--page-size must be at least 1");
    }
    if ((source == Source.files) == policies.isEmpty()) {
      throw new UserException(
          source == Source.files
              ? "give the policies (--policies PATH) or read the cluster's (--source cluster)"
              : "--source cluster reads the cluster's policies; --policies does not apply");
    }
    PrintWriter err = spec.commandLine().getErr();
    Config config = KubeConfigs.of(kubeconfig, "--kubeconfig");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      CompiledAdmissionSet set;
      AdmissionContext context;
      if (source == Source.files) {
        LoadResult loaded =
            PolicyLoading.load(policies, parent.stdin(), err, policyDefaults.defaults());
        if (loaded.admission().isEmpty()) {
          return PolicyLoading.failureExitCode(loaded);
        }
        set = loaded.admission().get();
        context = ClusterAdmissionInputs.context(client, set.policies());
      } else {
        ClusterAdmissionInputs.Loaded loaded = ClusterAdmissionInputs.load(client);
        loaded.problems().forEach(p -> err.println("celador: left out: " + p));
        err.flush();
        set = loaded.set();
        context = loaded.context();
      }
      if (set.policyCount() == 0) {
        throw new UserException("no admission policies to audit with");
      }
      ClusterAudit.Run run =
          new ClusterAudit(client, requester.userInfo(), pageSize)
              .run(set, context, noReports ? null : reportName, Clock.systemUTC().instant());
      AuditOutput output =
          new AuditOutput(
              run.kinds().stream().map(AuditedKind::toString).toList(),
              run.results(),
              run.reports() == null
                  ? null
                  : new AuditOutput.Reports(run.reports().written(), run.reports().deleted()));
      PrintWriter out = spec.commandLine().getOut();
      out.print(format == OutputFormat.JSON ? output.json() : output.text(parent.palette()));
      out.flush();
      return run.results().denied().isEmpty() ? ExitCodes.OK : ExitCodes.VIOLATIONS;
    } catch (KubernetesClientException | IllegalStateException e) {
      throw new UserException("audit: " + e.getMessage());
    }
  }
}
