package io.knactor.cli;

import io.knactor.cast.check.CheckResult;
import io.knactor.cast.graph.CastGraph;
import io.knactor.cast.graph.DotFormat;
import io.knactor.cast.graph.SvgFormat;
import io.knactor.core.error.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "graph",
    description = {
      "Draw a Cast spec's dependency graph: which fields feed which.",
      "The spec is checked first, as by 'knactor check'; a spec with errors is not drawn.",
      "DOT is for Graphviz; SVG is drawn by knactor itself (no Graphviz needed).",
      "",
      "Examples:",
      "  knactor graph -f retail.cast.yaml --schemas schemas/",
      "  knactor graph -f retail.cast.yaml --format svg --output retail.svg"
    })
final class GraphCommand extends ClientCommand {
  enum Format {
    dot,
    svg
  }

  @Mixin CastSpecOptions input;

  @Option(
      names = "--format",
      defaultValue = "dot",
      paramLabel = "FORMAT",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the graph to FILE instead of standard output.")
  Path output;

  @Override
  public Integer call() {
    CheckResult result;
    try {
      result = input.check(this);
    } catch (SpecException e) {
      return CheckCommand.printRefusal(e, input, spec.commandLine().getErr());
    }
    if (result.hasErrors()) {
      spec.commandLine().getErr().println(input.cite(result.report()));
      spec.commandLine().getErr().flush();
      return ExitCodes.SERVER_ERROR;
    }
    CastGraph graph = CastGraph.of(result.orThrow());
    String text = format == Format.svg ? SvgFormat.render(graph) : DotFormat.render(graph);
    if (output == null) {
      out().print(text);
      out().flush();
      return ExitCodes.OK;
    }
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw usage("cannot write " + output + ": " + e.getMessage());
    }
    out().println("wrote " + output);
    out().flush();
    return ExitCodes.OK;
  }
}
