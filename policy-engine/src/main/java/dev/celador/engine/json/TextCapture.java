package dev.celador.engine.json;

import java.io.Writer;

/**
 * What a generator writes, as one String. The generator buffers in a recycled array and hands it
 * over once at close for anything of log-line size, so that one block becomes the String itself: no
 * StringWriter buffer to grow and copy again, which made a deny body cost half again as much.
 */
final class TextCapture extends Writer {

  private String first = "";
  private StringBuilder more;

  @Override
  public void write(char[] chars, int offset, int length) {
    if (more == null && first.isEmpty()) {
      first = new String(chars, offset, length);
    } else {
      builder(length).append(chars, offset, length);
    }
  }

  @Override
  public void write(String text, int offset, int length) {
    // Only the slice: copying the whole String first cost its full length per call.
    if (more == null && first.isEmpty()) {
      first = text.substring(offset, offset + length);
    } else {
      builder(length).append(text, offset, offset + length);
    }
  }

  /** The builder for a second block and after, holding the first. */
  private StringBuilder builder(int length) {
    if (more == null) {
      more = new StringBuilder(first.length() * 2 + length).append(first);
    }
    return more;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  String text() {
    return more == null ? first : more.toString();
  }
}
