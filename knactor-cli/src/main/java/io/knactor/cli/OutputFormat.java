package io.knactor.cli;

import picocli.CommandLine.Option;

/** The {@code -o} option: tables for people, the server's JSON for programs. */
final class OutputFormat {
  enum Format {
    table,
    json
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  boolean json() {
    return format == Format.json;
  }
}
