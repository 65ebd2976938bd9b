package dev.celador.conformance.vap;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionContexts;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.MutationResult;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every MAP corpus case through kube-apiserver and through Celador. CAPTURE: each case's
 * AdmissionReview recorded by a webhook before any mutating policy exists; NATIVE: every policy and
 * binding created at once, each case submitted as a dry-run create and the object the API server
 * would store (or its denial) recorded; OFFLINE: each captured review mutated by Celador with its
 * group's policy loaded from a file by the CLI's loader, with the corpus's
 * CustomResourceDefinitions in the same file (as a user keeps them with the policies).
 */
final class MapDifferentialRun {

  /** One case's two answers; {@code offline} is null when no review was captured. */
  record Result(MapCorpus.MapCase c, MapOutcome api, MapOutcome offline, String review) {
    boolean matched() {
      return api.equals(offline);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SENTINEL = "map-corpus-sentinel";
  private static final String SENTINEL_PARAM = SENTINEL + "-param";
  private static final long WAIT_NANOS = 60_000_000_000L;

  private final ApiServer api;
  private final MapCorpus corpus;
  private final String host;
  private final RunObjects created;

  MapDifferentialRun(ApiServer api, MapCorpus corpus, String host) {
    this.api = api;
    this.corpus = corpus;
    this.host = host;
    this.created = new RunObjects(api);
  }

  List<Result> run(Path workDir) throws Exception {
    api.apply(
        Maps.cast(
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Namespace",
                "metadata",
                Map.of("name", MapCorpus.NAMESPACE))));
    corpus.objects().forEach(api::apply);
    for (Map<String, Object> crd : customResourceDefinitions()) {
      awaitServed(crd);
    }
    long start = System.nanoTime();
    Map<String, String> reviews;
    try (CaptureWebhook webhook = new CaptureWebhook(host)) {
      reviews =
          ReviewCapture.capture(
              api,
              created,
              webhook,
              probe("map-capture-probe").submission(),
              corpus.cases().stream().map(MapCorpus.MapCase::submission).toList());
    }
    long captured = System.nanoTime();
    Map<String, MapOutcome> native_ = runNative();
    long nativeDone = System.nanoTime();
    AdmissionContext context =
        AdmissionContexts.fromFiles(
            List.of(
                OfflineJudge.write(
                    workDir.resolve("params.yaml"),
                    api.list("/api/v1/serviceaccounts", "v1", "ServiceAccount"))),
            List.of(
                OfflineJudge.write(
                    workDir.resolve("namespaces.yaml"),
                    api.list("/api/v1/namespaces", "v1", "Namespace"))),
            DeclaredAuthorizer.none());
    List<Result> results = new ArrayList<>();
    for (MapCorpus.MapCase c : corpus.cases()) {
      String review = reviews.get(c.id());
      MapOutcome offline = review == null ? null : offline(workDir, c, review, context);
      results.add(new Result(c, native_.get(c.id()), offline, review));
    }
    // Where the run's time goes, for the CI budget.
    System.out.printf(
        "MAP differential phases: capture %d ms, native %d ms, offline %d ms%n",
        (captured - start) / 1_000_000,
        (nativeDone - captured) / 1_000_000,
        (System.nanoTime() - nativeDone) / 1_000_000);
    return results;
  }

  void tearDown() {
    created.tearDown();
  }

  private Map<String, MapOutcome> runNative() throws InterruptedException {
    Set<String> rejected = new HashSet<>();
    for (MapCorpus.MapCase c : corpus.cases()) {
      try {
        for (Map<String, Object> manifest : c.manifests()) {
          created.apply(manifest);
        }
      } catch (IllegalStateException e) {
        rejected.add(c.id());
        System.out.println("kube-apiserver rejected " + e.getMessage());
      }
    }
    awaitSentinel();
    Map<String, MapOutcome> outcomes = new LinkedHashMap<>();
    for (MapCorpus.MapCase c : corpus.cases()) {
      outcomes.put(
          c.id(),
          rejected.contains(c.id()) ? MapOutcome.REJECTED : outcome(api.submit(c.submission())));
    }
    return outcomes;
  }

  private static MapOutcome outcome(ApiServer.Response response) {
    return response.code() < 300
        ? MapOutcome.stored(response.body())
        : MapOutcome.denied(response.code(), response.message());
  }

  /**
   * Creates, last, a policy with ServiceAccount params (so the param informer is synced too) that
   * labels the sentinel's objects, and waits until the API server applies it: by then it has loaded
   * every policy created before.
   */
  private void awaitSentinel() throws InterruptedException {
    Map<String, Object> param = new LinkedHashMap<>();
    param.put("apiVersion", "v1");
    param.put("kind", "ServiceAccount");
    param.put(
        "metadata",
        Map.of(
            "name",
            SENTINEL_PARAM,
            "namespace",
            MapCorpus.NAMESPACE,
            "annotations",
            Map.of("ready", "yes")));
    api.apply(param);
    MapCorpus.MapCase sentinel = probe(SENTINEL);
    for (Map<String, Object> manifest : sentinel.manifests()) {
      created.apply(manifest);
    }
    long deadline = System.nanoTime() + WAIT_NANOS;
    ApiServer.Response last;
    while (!String.valueOf((last = api.submit(sentinel.submission())).body())
        .contains("ready=yes")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "kube-apiserver never applied the sentinel policy; last answer: "
                + last.code()
                + " "
                + last.body());
      }
      Thread.sleep(100);
    }
  }

  /** A case of its own group that copies its param's annotations into the object's data. */
  private static MapCorpus.MapCase probe(String group) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", "probe");
    c.put(
        "mutations",
        List.of("[JSONPatch{op: \"add\", path: \"/data\", value: params.metadata.annotations}]"));
    c.put(
        "paramRef",
        Map.of(
            "name",
            SENTINEL_PARAM,
            "namespace",
            MapCorpus.NAMESPACE,
            "parameterNotFoundAction",
            "Deny"));
    return MapCorpus.caseOf(group, c);
  }

  /** The corpus's CustomResourceDefinitions: installed first, and kept with every policy. */
  private List<Map<String, Object>> customResourceDefinitions() {
    return corpus.objects().stream()
        .filter(o -> "CustomResourceDefinition".equals(o.get("kind")))
        .toList();
  }

  /**
   * Waits until the API server serves {@code crd}'s resources and publishes their OpenAPI v3 (which
   * its MutatingAdmissionPolicy plugin merges apply configurations by).
   */
  private void awaitServed(Map<String, Object> crd) throws InterruptedException {
    Map<String, Object> spec = Maps.cast(crd.get("spec"));
    String group = String.valueOf(spec.get("group"));
    String plural = String.valueOf(Maps.cast(spec.get("names")).get("plural"));
    String version =
        String.valueOf(Maps.cast(Maps.list(spec.get("versions"), "versions").get(0)).get("name"));
    long deadline = System.nanoTime() + WAIT_NANOS;
    for (String path :
        List.of(
            "/apis/" + group + "/" + version + "/" + plural,
            "/openapi/v3/apis/" + group + "/" + version)) {
      while (api.send("GET", path, null, null, List.of()).code() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("kube-apiserver never served " + path);
        }
        Thread.sleep(200);
      }
    }
  }

  private MapOutcome offline(
      Path workDir, MapCorpus.MapCase c, String review, AdmissionContext context) {
    List<Map<String, Object>> documents = new ArrayList<>(customResourceDefinitions());
    documents.addAll(c.manifests());
    Path file = OfflineJudge.write(workDir.resolve(c.group() + ".yaml"), documents);
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      LoadResult loaded = engine.load(List.of(file));
      if (loaded.admission().isEmpty()) {
        System.out.println("Celador rejected " + c.id() + ":\n" + loaded.render());
        return MapOutcome.REJECTED;
      }
      CompiledAdmissionSet set = loaded.admission().get();
      AdmissionRequest request = AdmissionReviewMapper.read(JSON.readValue(review, Object.class));
      MutationResult result = set.mutate(request, context);
      return result.allowed()
          ? MapOutcome.stored(result.object())
          : MapOutcome.denied(result.code(), result.message());
    } catch (BadReviewException e) {
      throw new AssertionError(c.id() + ": captured review is not an AdmissionReview: " + e, e);
    }
  }
}
