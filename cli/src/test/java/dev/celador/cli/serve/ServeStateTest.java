package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServeStateTest {

  private static ServeState warmWith(int policies, boolean allowEmpty) {
    ServeState state = new ServeState();
    state.allowEmpty(allowEmpty);
    state.loaded(policies);
    state.empty(policies == 0);
    state.warm();
    return state;
  }

  @Test
  void ready_emptySetNotAllowed_notReadyAndSaysWhy() {
    ServeState state = warmWith(0, false);

    assertThat(state.ready()).isFalse();
    assertThat(state.toJson())
        .contains("\"ready\":false")
        .contains("\"notReady\":\"no policies loaded; set celador.policies.allow-empty=true");
  }

  @Test
  void ready_emptySetAllowed_ready() {
    assertThat(warmWith(0, true).ready()).isTrue();
  }

  @Test
  void ready_policiesLoaded_readyWithWarningsListed() {
    ServeState state = warmWith(3, false);
    state.warnings(List.of("HTTP mode knows no \"destination\""));

    assertThat(state.ready()).isTrue();
    assertThat(state.toJson())
        .contains("\"warnings\":[\"HTTP mode knows no \\\"destination\\\"\"]")
        .doesNotContain("notReady");
  }

  @Test
  void ready_webhookStarting_notReadyButLiveAndSaysSo() {
    ServeState state = warmWith(3, false);
    state.admission(new WebhookHealth("bootstrap"));

    assertThat(state.ready()).isFalse();
    assertThat(state.live()).isTrue();
    assertThat(state.toJson())
        .contains("\"admission\":{\"ready\":false,\"state\":\"starting\",\"tls\":\"bootstrap\"}");
    assertThat(state.liveJson())
        .isEqualTo(
            "{\"live\":true,\"admission\":{\"ready\":false,\"state\":\"starting\","
                + "\"tls\":\"bootstrap\"}}");
  }
}
