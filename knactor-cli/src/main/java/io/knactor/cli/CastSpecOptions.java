package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.CheckResult;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.function.CastFunction;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.function.Signature;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.CastSpecParser;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.SpecException;
import io.knactor.core.schema.Schema;
import io.knactor.core.schema.SchemaParser;
import io.knactor.server.registry.ApplyParser;
import io.knactor.server.registry.RegistryDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The options of the commands that check a Cast spec locally ({@code check}, {@code graph}): the
 * spec file, where the schemas come from and which functions exist.
 *
 * <p>Schemas are those in the spec file itself (a multi-document file such as an app's YAML) and in
 * {@code --schemas} files or directories; when there are none, the server's registered schemas are
 * fetched (online check). Functions are those on the command's class path (providers), those
 * declared with {@code --function}, and, online, the signatures the server has.
 */
final class CastSpecOptions {
  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "The Cast spec, or a multi-document file holding one ('-' for stdin).")
  Path file;

  @Option(
      names = "--schemas",
      paramLabel = "PATH",
      description = {
        "Schema files or directories (*.yaml, *.yml, *.kr) to check against, offline.",
        "Without it, and with no schema in FILE, the server's registry is used."
      })
  List<Path> schemas = new ArrayList<>();

  @Option(
      names = "--function",
      paramLabel = "SIGNATURE",
      description =
          "Declares a custom function, e.g. 'currency_convert(double, string, string) -> double'.")
  List<String> functions = new ArrayList<>();

  /** The spec file's name as errors cite it. */
  String fileName() {
    return file.toString().equals("-") ? "<stdin>" : file.toString();
  }

  /**
   * Checks the spec.
   *
   * @throws SpecException when it does not parse (its message lists every problem)
   */
  CheckResult check(ClientCommand command) {
    String text = new String(command.read(file), StandardCharsets.UTF_8);
    List<Schema> known = new ArrayList<>();
    CastSpec spec = parse(text, known, command);
    for (Path path : schemas) {
      for (Path schemaFile : schemaFiles(path, command)) {
        known.addAll(schemasIn(schemaFile, command));
      }
    }
    FunctionRegistry.Builder registry = FunctionRegistry.builder().registerDiscovered(false);
    List<String> declared = new ArrayList<>(functions);
    if (known.isEmpty()) {
      JsonNode registered = command.get("/api/v1/schemas");
      for (JsonNode schema : registered.path("items")) {
        known.add(SchemaParser.parse(schema.path("source").asText()));
      }
      command.get("/api/v1/functions").path("items").forEach(f -> declared.add(f.asText()));
    }
    FunctionRegistry discovered = registry.build();
    FunctionRegistry.Builder all = FunctionRegistry.builder().registerAll(discovered.functions());
    for (String signature : declared) {
      Signature parsed;
      try {
        parsed = Signature.parse(signature);
      } catch (IllegalArgumentException e) {
        throw command.usage("--function '" + signature + "': " + e.getMessage());
      }
      boolean present =
          discovered.functions().stream()
              .anyMatch(
                  f ->
                      f.signature().name().equals(parsed.name())
                          && f.signature().parameters().equals(parsed.parameters()));
      if (!present) {
        all.register(
            new CastFunction(
                parsed,
                args -> {
                  throw new UnsupportedOperationException("declared for checking only");
                }));
      }
    }
    return new CastChecker(SchemaCatalog.of(known), all.build()).check(spec);
  }

  /** The one Cast of {@code text}; schemas found beside it go to {@code schemas}. */
  private CastSpec parse(String text, List<Schema> schemas, ClientCommand command) {
    if (!text.lines().anyMatch(line -> line.startsWith("---"))) {
      return CastSpecParser.parse(text, fileName());
    }
    List<RegistryDocument> documents;
    try {
      documents = ApplyParser.parse(text);
    } catch (InvalidInputException e) {
      throw new SpecException(cite(e.getMessage()), e.field());
    }
    CastSpec spec = null;
    for (RegistryDocument document : documents) {
      if (document instanceof RegistryDocument.SchemaDocument s) {
        schemas.add(s.schema());
      } else if (document instanceof RegistryDocument.CastDocument c) {
        if (spec != null) {
          throw command.usage(
              fileName() + " holds more than one Cast (" + spec.name() + ", " + c.name() + ")");
        }
        spec = CastSpecParser.parse(c.spec().source(), fileName());
      }
    }
    if (spec == null) {
      throw command.usage(fileName() + " holds no document with 'kind: Cast'");
    }
    return spec;
  }

  /** Problems the apply parser reports as {@code document N:line:col} cite the file instead. */
  String cite(String message) {
    return message.replaceAll("(?m)document \\d+:(\\d+:\\d+)", fileName() + ":$1");
  }

  private static List<Path> schemaFiles(Path path, ClientCommand command) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().matches(".*\\.(yaml|yml|kr)"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw command.usage("cannot read " + path + ": " + e.getMessage());
    }
  }

  private static List<Schema> schemasIn(Path file, ClientCommand command) {
    String text = new String(command.read(file), StandardCharsets.UTF_8);
    List<Schema> out = new ArrayList<>();
    try {
      for (RegistryDocument document : ApplyParser.parse(text)) {
        if (document instanceof RegistryDocument.SchemaDocument s) {
          out.add(s.schema());
        }
      }
    } catch (InvalidInputException e) {
      throw command.usage("schemas in " + file + ": " + e.getMessage());
    }
    return out;
  }
}
