package dev.celador.engine.verify.report;

import java.io.IOException;

/**
 * A minimal streaming JSON writer with two-space indentation, so the engine needs no JSON library
 * for its one JSON report. Callers nest {@code beginObject}/{@code endObject} correctly; names and
 * strings are escaped per RFC 8259.
 */
final class JsonWriter {

  private final Appendable out;
  private int depth;
  private boolean first = true;
  private boolean valuePending;

  JsonWriter(Appendable out) {
    this.out = out;
  }

  JsonWriter beginObject() throws IOException {
    return open('{');
  }

  JsonWriter endObject() throws IOException {
    return close('}');
  }

  JsonWriter beginArray() throws IOException {
    return open('[');
  }

  JsonWriter endArray() throws IOException {
    return close(']');
  }

  /** Starts a member; the next call writes its value. */
  JsonWriter name(String name) throws IOException {
    separate();
    string(name);
    out.append(": ");
    valuePending = true; // the value that follows needs no separator
    return this;
  }

  JsonWriter value(String text) throws IOException {
    separate();
    string(text);
    return this;
  }

  JsonWriter value(long number) throws IOException {
    separate();
    out.append(Long.toString(number));
    return this;
  }

  JsonWriter value(double number) throws IOException {
    separate();
    out.append(Double.toString(number));
    return this;
  }

  JsonWriter value(boolean bool) throws IOException {
    separate();
    out.append(Boolean.toString(bool));
    return this;
  }

  private JsonWriter open(char bracket) throws IOException {
    separate();
    out.append(bracket);
    depth++;
    first = true;
    return this;
  }

  private JsonWriter close(char bracket) throws IOException {
    depth--;
    if (!first) {
      newline();
    }
    out.append(bracket);
    first = false;
    if (depth == 0) {
      out.append('\n');
    }
    return this;
  }

  private void separate() throws IOException {
    if (valuePending) {
      valuePending = false;
      first = false;
      return;
    }
    if (depth > 0) {
      if (!first) {
        out.append(',');
      }
      newline();
    }
    first = false;
  }

  private void newline() throws IOException {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  private void string(String text) throws IOException {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
