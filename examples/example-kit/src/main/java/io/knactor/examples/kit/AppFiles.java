package io.knactor.examples.kit;

import io.knactor.core.schema.Schema;
import io.knactor.core.schema.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An example app's files on the classpath: its schemas ({@code schemas/*.yaml}), its registration
 * ({@code knactors.yaml}), its integrator specs ({@code casts/*.yaml}, {@code syncs/*.yaml}) and
 * its services' data.
 */
public final class AppFiles {
  private AppFiles() {}

  /** The text of a classpath resource, e.g. {@code knactors.yaml}. */
  public static String read(String name) {
    try (InputStream in = AppFiles.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The documents of {@code files}, in order, as one multi-document YAML text (documents that hold
   * only comments left out): what one apply request registers.
   */
  public static String join(List<String> files) {
    StringBuilder yaml = new StringBuilder();
    for (String file : files) {
      for (String document : documents(read(file))) {
        if (!yaml.isEmpty()) {
          yaml.append("---\n");
        }
        yaml.append(document);
      }
    }
    return yaml.toString();
  }

  /** The schemas declared in {@code files}, in order. */
  public static List<Schema> schemas(List<String> files) {
    List<Schema> schemas = new ArrayList<>();
    for (String file : files) {
      for (String document : documents(read(file))) {
        schemas.add(SchemaParser.parse(document));
      }
    }
    return schemas;
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
