package dev.celador.conformance.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Envoy configuration in docs/envoy.md is a valid Envoy v3 Bootstrap: YAML → JSON → Envoy's
 * Bootstrap proto with JsonFormat's strict parser (unknown fields, in typed_config Anys too, are
 * errors), as Envoy itself loads a YAML bootstrap.
 */
class EnvoyGuideIT {

  private static ProtoDescriptors envoy;
  private static String guideYaml;

  @BeforeAll
  static void load() throws IOException {
    envoy = new ProtoDescriptors(Path.of(System.getProperty("envoy.descriptors")));
    List<String> blocks = GuideBlocks.marked("envoy.md", "envoy-bootstrap");
    assertThat(blocks).hasSize(1);
    guideYaml = blocks.get(0);
  }

  @Test
  void guideBootstrap_parsesAsEnvoyBootstrapWithTheRecommendedFilter() throws Exception {
    DynamicMessage bootstrap = parseBootstrap(guideYaml);
    String json = JsonFormat.printer().usingTypeRegistry(envoy.typeRegistry()).print(bootstrap);

    assertThat(json)
        .contains("type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz")
        .contains("\"transportApiVersion\": \"V3\"")
        .contains("\"timeout\": \"0.250s\"")
        .contains("\"maxRequestBytes\": 8192")
        .contains("\"allowPartialMessage\": true")
        .contains("\"includePeerCertificate\": true")
        .contains("\"code\": \"ServiceUnavailable\"")
        .contains("\"clusterName\": \"celador\"");
    // failure_mode_allow: false is the proto default, so it is absent from the printed form.
    assertThat(json).doesNotContain("failureModeAllow");
    assertThat(json)
        .contains("\"normalizePath\": true")
        .contains("\"mergeSlashes\": true")
        .contains("\"pathWithEscapedSlashesAction\": \"UNESCAPE_AND_REDIRECT\"")
        .contains("\"stripTrailingHostDot\": true")
        .contains("\"stripAnyHostPort\": true");
  }

  @Test
  void guideHttpMode_parsesAsConnectionManagerWithIdentitiesAndNormalisation() throws Exception {
    List<String> blocks = GuideBlocks.marked("envoy.md", "envoy-http-mode");
    assertThat(blocks).hasSize(1);
    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(blocks.get(0));
    DynamicMessage.Builder any = DynamicMessage.newBuilder(envoy.message("google.protobuf.Any"));
    JsonFormat.parser().usingTypeRegistry(envoy.typeRegistry()).merge(new Gson().toJson(tree), any);
    String json = JsonFormat.printer().usingTypeRegistry(envoy.typeRegistry()).print(any.build());

    assertThat(json)
        .contains("\"forwardClientCertDetails\": \"SANITIZE_SET\"")
        .contains("\"uri\": true")
        .contains("\"normalizePath\": true")
        .contains("\"pathWithEscapedSlashesAction\": \"UNESCAPE_AND_REDIRECT\"")
        .contains("\"stripTrailingHostDot\": true")
        .contains("\"key\": \"x-celador-destination\"")
        .contains("\"exact\": \"x-forwarded-client-cert\"");
  }

  @Test
  void misspelledFilterField_rejected() {
    String typo = guideYaml.replace("include_peer_certificate:", "include_peer_certificates:");
    assertThat(typo).isNotEqualTo(guideYaml);

    assertThatThrownBy(() -> parseBootstrap(typo))
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("include_peer_certificates");
  }

  @Test
  void wrongEnumValue_rejected() {
    String wrong = guideYaml.replace("transport_api_version: V3", "transport_api_version: V4");

    assertThatThrownBy(() -> parseBootstrap(wrong))
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("V4");
  }

  private static DynamicMessage parseBootstrap(String yaml) throws InvalidProtocolBufferException {
    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    String json = new Gson().toJson(tree);
    DynamicMessage.Builder builder =
        DynamicMessage.newBuilder(envoy.message("envoy.config.bootstrap.v3.Bootstrap"));
    JsonFormat.parser().usingTypeRegistry(envoy.typeRegistry()).merge(json, builder);
    return builder.build();
  }
}
