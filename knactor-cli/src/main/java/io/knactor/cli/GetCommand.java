package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Render;
import io.knactor.cli.output.Table;
import io.knactor.core.model.StoreRef;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "get",
    description = {
      "Show the objects of a store, of one kind, or one object.",
      "",
      "Examples:",
      "  knactor get Demo/v1/Greeter/greeter",
      "  knactor get Demo/v1/Greeter/greeter Greeting",
      "  knactor get Demo/v1/Greeter/greeter Greeting hello-ada -o json",
      "  knactor get Demo/v1/Greeter/greeter Greeting -l lang=en",
      "  knactor get cast               (the applied Casts)",
      "  knactor get cast retail        (one Cast's status: revision, position, failures)",
      "  knactor get sync               (the applied Syncs)",
      "  knactor get sync home          (one Sync's status: revision, parallelism, partitions)"
    })
final class GetCommand extends ClientCommand {
  @Parameters(
      index = "0",
      paramLabel = "STORE",
      description = "App/version/Type/instance, or 'cast' for Casts, 'sync' for Syncs")
  String store;

  @Parameters(index = "1", arity = "0..1", paramLabel = "KIND", description = "Only this kind.")
  String kind;

  @Parameters(index = "2", arity = "0..1", paramLabel = "NAME", description = "Only this object.")
  String name;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "KEY=VALUE",
      split = ",",
      description = "Only objects carrying these labels (lists only).")
  Map<String, String> selector;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    if (this.store.equals("cast") || this.store.equals("casts")) {
      return new CastPrinter(this, output).print(kind);
    }
    if (this.store.equals("sync") || this.store.equals("syncs")) {
      return new SyncPrinter(this, output).print(kind);
    }
    StoreRef ref = store(this.store);
    String path = ApiPaths.storePath(ref) + "/objects";
    if (kind != null) {
      path += "/" + kind(kind);
    }
    if (name != null) {
      if (selector != null) {
        throw usage("--selector applies to lists; leave out NAME or the selector");
      }
      JsonNode object = get(path + "/" + name(name));
      if (output.json()) {
        printJson(object);
      } else {
        printObject(object);
      }
      return ExitCodes.OK;
    }
    if (selector != null) {
      String labels =
          selector.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(","));
      path = ApiPaths.withQuery(path, ApiPaths.query("labelSelector", labels));
    }
    JsonNode list = get(path);
    if (output.json()) {
      printJson(list);
    } else {
      printList(ref, list);
    }
    return ExitCodes.OK;
  }

  private void printList(StoreRef ref, JsonNode list) {
    Table table =
        kind == null
            ? new Table("KIND", "NAME", "VERSION", "LABELS", "DATA")
            : new Table("NAME", "VERSION", "LABELS", "DATA");
    for (JsonNode item : list.path("items")) {
      String itemName = item.path("metadata").path("name").asText();
      String version = Render.version(item);
      String labels = Render.labels(item.path("metadata").path("labels"));
      String data = Render.cell(item.path("data"));
      if (kind == null) {
        table.row(item.path("kind").asText(), itemName, version, labels, data);
      } else {
        table.row(itemName, version, labels, data);
      }
    }
    if (table.isEmpty()) {
      out().println("No objects" + (kind == null ? "" : " of kind " + kind) + " in " + ref + ".");
      out().flush();
    } else {
      table.print(out());
    }
  }

  private void printObject(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    out().println(Render.kindAndName(object));
    out().println("store:           " + metadata.path("store").asText(store));
    out().println("resourceVersion: " + Render.version(object));
    String labels = Render.labels(metadata.path("labels"));
    if (!labels.isEmpty()) {
      out().println("labels:          " + labels);
    }
    out().println("data:");
    Render.pretty(object.path("data")).lines().forEach(line -> out().println("  " + line));
    out().flush();
  }
}
