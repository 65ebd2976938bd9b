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
    if (more != null) {
      more.append(chars, offset, length);
    } else if (first.isEmpty()) {
      first = new String(chars, offset, length);
    } else {
      more = new StringBuilder(first.length() * 2 + length).append(first);
      more.append(chars, offset, length);
    }
  }

  @Override
  public void write(String text, int offset, int length) {
    // Only the slice: copying the whole String first cost its full length per call.
    if (more != null) {
      more.append(text, offset, offset + length);
    } else if (first.isEmpty()) {
      first = text.substring(offset, offset + length);
    } else {
      more = new StringBuilder(first.length() * 2 + length).append(first);
      more.append(text, offset, offset + length);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  String text() {
    return more == null ? first : more.toString();
  }
}
