package dev.celador.engine.internal.json;

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
  void text_thenANewCapture_startsEmpty() {
    String longText = "{\"long\":\"" + "x".repeat(2000) + "\"}";
    TextCapture first = new TextCapture();
    first.write(longText, 0, longText.length());
    assertThat(first.text()).isEqualTo(longText);

    TextCapture second = new TextCapture();
    second.write("..{}..", 2, 2);

    assertThat(second.text()).isEqualTo("{}");
  }

  @Test
  void text_nestedCaptures_doNotShareABuilder() {
    TextCapture outer = new TextCapture();
    outer.write("[1,", 0, 3);
    TextCapture inner = new TextCapture();
    inner.write("\"in\"", 0, 4);
    assertThat(inner.text()).isEqualTo("\"in\"");
    outer.write("2]", 0, 2);

    assertThat(outer.text()).isEqualTo("[1,2]");
  }

  @Test
  void text_abandonedCapture_nextOneStillWorks() {
    TextCapture abandoned = new TextCapture();
    abandoned.write("{\"half", 0, 6); // its writer threw: text() never called

    TextCapture next = new TextCapture();
    next.write("{}", 0, 2);

    assertThat(next.text()).isEqualTo("{}");
  }

  @Test
  void text_hugeText_isReturnedWhole() {
    String big = "y".repeat(TextCapture.KEEP_MAX * 4);
    TextCapture capture = new TextCapture();
    capture.write(big, 0, big.length());
    assertThat(capture.text()).isEqualTo(big);

    TextCapture after = new TextCapture();
    after.write("ok", 0, 2);
    assertThat(after.text()).isEqualTo("ok");
  }
}
