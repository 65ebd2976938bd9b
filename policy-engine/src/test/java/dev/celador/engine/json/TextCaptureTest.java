package dev.celador.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextCaptureTest {

  @Test
  void write_slicesOfStringsAndArrays_keepsOnlyTheSlicesInOrder() {
    TextCapture capture = new TextCapture();

    capture.write("xx{\"a\"yy", 2, 4);
    capture.write(":1,".toCharArray(), 0, 2);
    capture.write("--\"b\":2}--", 2, 6);

    assertThat(capture.text()).isEqualTo("{\"a\":1\"b\":2}");
  }

  @Test
  void write_oneSlice_isTheText() {
    TextCapture capture = new TextCapture();

    capture.write("..{}..", 2, 2);

    assertThat(capture.text()).isEqualTo("{}");
  }
}
