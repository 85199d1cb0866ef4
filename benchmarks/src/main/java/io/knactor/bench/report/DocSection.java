package io.knactor.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One benchmark's section of a Markdown document, between {@code <!-- NAME:begin -->} and {@code
 * <!-- NAME:end -->}, so that each benchmark rewrites only its own results and leaves the rest of
 * the page alone.
 */
public final class DocSection {
  private final String begin;
  private final String end;

  public DocSection(String name) {
    this.begin = "<!-- " + name + ":begin -->";
    this.end = "<!-- " + name + ":end -->";
  }

  /**
   * Returns {@code document} with the section's content replaced by {@code content}; when the
   * markers are absent, the section is appended at the end.
   *
   * @throws IllegalArgumentException when only one marker is present, or they are out of order
   */
  public String replace(String document, String content) {
    int from = document.indexOf(begin);
    int to = document.indexOf(end);
    String section = begin + "\n" + content + (content.endsWith("\n") ? "" : "\n") + end;
    if (from < 0 && to < 0) {
      String sep =
          document.isEmpty() || document.endsWith("\n\n")
              ? ""
              : document.endsWith("\n") ? "\n" : "\n\n";
      return document + sep + section + "\n";
    }
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          "the document has a broken section: expected '" + begin + "' before '" + end + "'");
    }
    return document.substring(0, from) + section + document.substring(to + end.length());
  }

  /** Rewrites the section in the file {@code doc}, creating the file when it does not exist. */
  public void rewrite(Path doc, String content) {
    try {
      String document = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
      Files.writeString(doc, replace(document, content), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + doc + ": " + e.getMessage(), e);
    }
  }
}
