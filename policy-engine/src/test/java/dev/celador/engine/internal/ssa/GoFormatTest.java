package dev.celador.engine.internal.ssa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The value renderings kube-apiserver v1.36.3 answered with in the map corpus (merge.yaml). */
class GoFormatTest {

  @Test
  void sharp_valuesOfAnApplyConfiguration_readAsGoPrintsThem() {
    assertThat(GoFormat.sharp(1L)).isEqualTo("&value.valueUnstructured{Value:1}");
    assertThat(GoFormat.sharp(null)).isEqualTo("&value.valueUnstructured{Value:0}");
    assertThat(GoFormat.sharp("hi".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("&value.valueUnstructured{Value:[]uint8{0x68, 0x69}}");
    assertThat(GoFormat.sharp(true)).isEqualTo("&value.valueUnstructured{Value:true}");
  }

  @Test
  void plainAndType_valuesOfAnApplyConfiguration_readAsGoPrintsThem() {
    assertThat(GoFormat.plain("t")).isEqualTo("&{t}");
    assertThat(GoFormat.plain(null)).isEqualTo("&{NULL_VALUE}");
    assertThat(GoFormat.type("three")).isEqualTo("string");
    assertThat(GoFormat.type(1.5)).isEqualTo("float64");
  }
}
