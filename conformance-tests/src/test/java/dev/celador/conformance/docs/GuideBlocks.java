package dev.celador.conformance.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fenced code blocks of a guide in docs/ that follow a marker comment such as {@code <!--
 * envoy-bootstrap -->}, so the tests check exactly what a reader copies.
 */
final class GuideBlocks {

  private GuideBlocks() {}

  static Path docs() {
    String root = System.getProperty("repo.root");
    if (root == null) {
      throw new IllegalStateException("system property repo.root is not set: run through failsafe");
    }
    return Path.of(root).resolve("docs").toAbsolutePath().normalize();
  }

  /** Every block marked {@code <!-- marker -->} in {@code guide}; fails when there is none. */
  static List<String> marked(String guide, String marker) {
    Path file = docs().resolve(guide);
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("<!-- " + marker + " -->")) {
        continue;
      }
      int open = i + 1;
      if (open >= lines.size() || !lines.get(open).startsWith("```")) {
        throw new IllegalStateException(
            file + ":" + (i + 1) + ": marker " + marker + " is not followed by a code block");
      }
      StringBuilder block = new StringBuilder();
      int j = open + 1;
      for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
        block.append(lines.get(j)).append('\n');
      }
      if (j == lines.size()) {
        throw new IllegalStateException(file + ":" + (open + 1) + ": unterminated code block");
      }
      blocks.add(block.toString());
    }
    if (blocks.isEmpty()) {
      throw new IllegalStateException(file + ": no block marked <!-- " + marker + " -->");
    }
    return blocks;
  }
}
