package dev.celador.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission cases in a suite: the request and context they build, and errors at their place. */
class AdmissionCaseReaderTest {

  /** Six lines; cases start on line 7. */
  private static final String HEAD =
      """
      apiVersion: celador.dev/v1alpha1
      kind: PolicyTest
      metadata: {name: s}
      spec:
        policies: p.yaml
        cases:
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
    return path;
  }

  private SuiteReader.Read read(String cases) throws IOException {
    write("p.yaml", "# not loaded by the reader\n");
    return new SuiteReader().read(write("s_test.yaml", HEAD + cases));
  }

  private AdmissionCase only(SuiteReader.Read read) {
    assertThat(read.diagnostics()).isEmpty();
    return (AdmissionCase) read.suite().orElseThrow().cases().get(0);
  }

  private List<String> problems(SuiteReader.Read read) {
    return read.diagnostics().stream().map(this::brief).toList();
  }

  private String brief(Diagnostic d) {
    String file = d.location().file().replace(dir + "/", "");
    String message = d.message().replace(dir + "/", "");
    return file + ":" + d.location().line() + ":" + d.location().column() + " " + message;
  }

  @Test
  void read_objectFixture_derivesKindResourceNameOperationAndNamespace() throws IOException {
    write(
        "testdata/web.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n");
    AdmissionCase c =
        only(
            read(
                """
                  - name: create
                    admission:
                      object: web
                      namespace: {name: shop, labels: {environment: production}}
                      userInfo: {username: alice, groups: [dev]}
                    expect: {allowed: true}
                """));

    AdmissionRequest request = c.request();
    assertThat(request.operation()).isEqualTo("CREATE");
    assertThat(request.kind()).isEqualTo(new AdmissionRequest.Gvk("apps", "v1", "Deployment"));
    assertThat(request.resource()).isEqualTo(new AdmissionRequest.Gvr("apps", "v1", "deployments"));
    assertThat(request.name()).isEqualTo("web");
    assertThat(request.namespace()).isEqualTo("shop");
    assertThat(request.userInfo().groups()).containsExactly("dev");
    assertThat(AdmissionMaps.map(AdmissionMaps.map(request.object()).get("metadata")))
        .containsEntry("namespace", "shop");
    assertThat(c.context().namespaces().get("shop"))
        .isEqualTo(
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Namespace",
                "metadata",
                Map.of(
                    "name",
                    "shop",
                    "labels",
                    Map.of("environment", "production", "kubernetes.io/metadata.name", "shop"),
                    "annotations",
                    Map.of())));
    assertThat(c.location().line()).isEqualTo(7);
  }

  @Test
  void read_objectAndOldObject_isUpdate_oldObjectAlone_isDelete() throws IOException {
    SuiteReader.Read read =
        read(
            """
              - name: update
                admission:
                  object: {apiVersion: v1, kind: Pod, metadata: {name: a}}
                  oldObject: {apiVersion: v1, kind: Pod, metadata: {name: a}}
                expect: {allowed: true}
              - name: delete
                admission:
                  oldObject: {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: a}}
                expect: {allowed: true}
            """);

    assertThat(read.diagnostics()).isEmpty();
    List<TestCase> cases = read.suite().orElseThrow().cases();
    AdmissionRequest update = ((AdmissionCase) cases.get(0)).request();
    AdmissionRequest delete = ((AdmissionCase) cases.get(1)).request();
    assertThat(update.operation()).isEqualTo("UPDATE");
    assertThat(update.resource().resource()).isEqualTo("pods");
    assertThat(delete.operation()).isEqualTo("DELETE");
    assertThat(delete.object()).isNull();
    assertThat(delete.resource())
        .isEqualTo(new AdmissionRequest.Gvr("networking.k8s.io", "v1", "networkpolicies"));
  }

  @Test
  void read_review_takesTheRequestAsWritten() throws IOException {
    write(
        "testdata/review.json",
        """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u1", "operation": "CONNECT", "namespace": "shop",
                     "kind": {"group": "", "version": "v1", "kind": "PodExecOptions"},
                     "resource": {"group": "", "version": "v1", "resource": "pods"},
                     "subResource": "exec", "userInfo": {"username": "bob"}}}
        """);
    AdmissionCase c =
        only(
            read(
                """
                  - name: exec
                    admission:
                      review: review.json
                      namespace: shop
                      params: [{apiVersion: a/v1, kind: P, metadata: {name: p}}]
                    expect: {allowed: true}
                """));

    assertThat(c.request().uid()).isEqualTo("u1");
    assertThat(c.request().subResource()).isEqualTo("exec");
    assertThat(c.context().namespaces()).containsOnlyKeys("shop");
    assertThat(c.context().params()).hasSize(1);
  }

  @Test
  void read_brokenAdmissionCases_reportEveryOneAtItsPosition() throws IOException {
    write("testdata/not-a-review.yaml", "kind: AdmissionReview\nresponse: {}\n");
    write("testdata/list.yaml", "- 1\n");
    SuiteReader.Read read =
        read(
            """
              - name: review and object
                admission: {review: {request: {}}, object: {kind: Pod}}
                expect: {allowed: true}
              - name: bad operation
                admission: {operation: PATCH, object: {apiVersion: v1, kind: Pod}}
                expect: {allowed: true}
              - name: delete with object
                admission: {operation: DELETE, object: {apiVersion: v1, kind: Pod}}
                expect: {allowed: true}
              - name: no kind
                admission: {object: {metadata: {name: x}}}
                expect: {allowed: true}
              - name: missing fixture
                admission: {object: nope}
                expect: {allowed: true}
              - name: review without request
                admission: {review: not-a-review}
                expect: {allowed: true}
              - name: authorizer answer
                admission:
                  object: {apiVersion: v1, kind: Pod}
                  authorizer: [{verb: get, decision: maybe}]
                expect: {allowed: true}
              - name: param without kind
                admission: {object: {apiVersion: v1, kind: Pod}, params: [list]}
                expect: {allowed: true}
              - name: namespaces disagree
                admission:
                  object: {apiVersion: v1, kind: Pod, metadata: {namespace: a}}
                  namespace: b
                expect: {allowed: true}
              - name: http fields
                admission: {object: {apiVersion: v1, kind: Pod}}
                repeat: 2
                expect: {allowed: true}
              - name: http expectation
                admission: {object: {apiVersion: v1, kind: Pod}}
                expect: {status: 200}
              - name: patch without op
                admission: {object: {apiVersion: v1, kind: Pod}}
                expect: {patch: [{path: /x}]}
              - name: mutated object not an object
                admission: {object: {apiVersion: v1, kind: Pod}}
                expect: {objectContains: [1]}
            """);

    assertThat(problems(read))
        .containsExactly(
            "s_test.yaml:8:48 'spec.cases[0].admission.object' cannot be given with 'review': the"
                + " AdmissionReview holds the request",
            "s_test.yaml:11:28 'spec.cases[1].admission.operation' must be one of CREATE, UPDATE,"
                + " DELETE, CONNECT, found 'PATCH'",
            "s_test.yaml:14:28 DELETE needs an oldObject and no object",
            "s_test.yaml:17:16 'spec.cases[3].admission' needs the object's apiVersion and kind, or"
                + " 'kind: {group, version, kind}'",
            "s_test.yaml:20:25 fixture 'nope' not found: no nope, nope.yaml, nope.yml, nope.json in"
                + " testdata",
            "s_test.yaml:28:42 'spec.cases[6].admission.authorizer[0].decision' must be allow, deny"
                + " or noOpinion, found 'maybe'",
            "s_test.yaml:31:63 'spec.cases[7].admission.params' entries must be objects with"
                + " apiVersion, kind and metadata.name (in testdata/list.yaml)",
            "s_test.yaml:35:7 the object's metadata.namespace 'a' differs from the case's namespace"
                + " 'b'",
            "s_test.yaml:40:13 'spec.cases[9].repeat' is for HTTP requests, not admission cases",
            "s_test.yaml:44:14 unknown field 'spec.cases[10].expect.status' (expected one of:"
                + " allowed, auditAnnotations, code, message, messageRegex, mutatedBy, object,"
                + " objectContains, patch, reason, warnings)",
            "s_test.yaml:47:21 'spec.cases[11].expect.patch' must list JSONPatch operations ({op,"
                + " path, value}), found an item without op and path at line 47",
            "s_test.yaml:50:30 'spec.cases[12].expect.objectContains' must be an object or a"
                + " fixture's name, found a list",
            "testdata/not-a-review.yaml:1:1 an AdmissionReview needs a 'request' object");
    assertThat(read.suite()).isEmpty();
  }
}
