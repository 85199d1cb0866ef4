package io.knactor.bench.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reading the repository's files. */
final class Texts {
  private Texts() {}

  /** The file's text, or empty when {@code file} is null (absent in that state). */
  static String read(Path file) {
    if (file == null) {
      return "";
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The regular files under {@code dir} whose names end with {@code suffix}, in path order. */
  static List<Path> walk(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix))
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code file} relative to {@code base}, '/'-separated. */
  static String relative(Path base, Path file) {
    return base.relativize(file).toString().replace('\\', '/');
  }
}
