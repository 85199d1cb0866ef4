package io.knactor.examples.retail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The app's files on the classpath: the schemas ({@code schemas/*.yaml}), the registration ({@code
 * knactors.yaml}), the Cast revisions ({@code casts/retail-T*.yaml}) and the services' data.
 */
public final class RetailFiles {
  private RetailFiles() {}

  /** The text of a classpath resource, e.g. {@code casts/retail-T1.yaml}. */
  public static String read(String name) {
    try (InputStream in = RetailFiles.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of a multi-document file, split at lines that are exactly {@code ---}. */
  public static List<String> documents(String text) {
    List<String> documents = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.equals("---")) {
        documents.add(current.toString());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    documents.add(current.toString());
    documents.removeIf(d -> d.lines().allMatch(l -> l.isBlank() || l.startsWith("#")));
    return documents;
  }
}
