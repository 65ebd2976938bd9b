package dev.celador.engine.internal.json;

import java.io.Writer;

/**
 * What a generator writes, as one String, built in a per-thread builder that is kept for the next
 * text. The generator hands over its buffer in blocks (at close, and whenever it flushes, e.g. at
 * an escaped character in a long string); with a fresh builder per text, growing and copying it
 * cost about 1.8 KB per decision-log line on top of the String itself. With one kept per thread the
 * String is the only allocation. A builder that grew past {@link #KEEP_MAX} is dropped rather than
 * kept, so one huge text does not pin its buffer to a thread.
 */
final class TextCapture extends Writer {

  static final int KEEP_MAX = 16 * 1024;

  private static final ThreadLocal<StringBuilder> SPARE = new ThreadLocal<>();

  private StringBuilder text;

  TextCapture() {
    StringBuilder spare = SPARE.get();
    if (spare == null) {
      // The first text on this thread, or one written while another is (nested, or not
      // released because its writer threw): a builder of its own, kept afterwards.
      text = new StringBuilder(512);
    } else {
      SPARE.set(null);
      text = spare;
    }
  }

  @Override
  public void write(char[] chars, int offset, int length) {
    text.append(chars, offset, length);
  }

  @Override
  public void write(String string, int offset, int length) {
    text.append(string, offset, offset + length);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** The text; the builder goes back to the thread, so this writer is done. */
  String text() {
    String result = text.toString();
    if (text.capacity() <= KEEP_MAX) {
      text.setLength(0);
      SPARE.set(text);
    }
    text = null;
    return result;
  }
}
