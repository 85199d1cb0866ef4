package io.knactor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command's JSON comes from: a file, standard input, or the command line. */
final class DataInput {
  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Read the JSON object from FILE ('-' for standard input).")
  Path file;

  @Option(
      names = "--data",
      paramLabel = "JSON",
      description = "The JSON object on the command line, e.g. '{\"cost\": 12.5}'.")
  String data;
}
