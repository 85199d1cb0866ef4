package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cli.client.ApiClient;
import io.knactor.cli.output.Render;
import io.knactor.core.json.Json;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "put",
    description = {
      "Create or replace one object's data.",
      "With --resource-version the object must still be at that version (else a conflict).",
      "",
      "Examples:",
      "  knactor put Demo/v1/Greeter/greeter Greeting hello-ada --data '{\"to\": \"Ada\"}'",
      "  knactor put Demo/v1/Greeter/greeter Greeting hello-ada -f greeting.json -l lang=en"
    })
final class PutCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
  String store;

  @Parameters(index = "1", paramLabel = "KIND")
  String kind;

  @Parameters(index = "2", paramLabel = "NAME")
  String name;

  @ArgGroup(exclusive = true, multiplicity = "1")
  DataInput input;

  @Option(
      names = {"-l", "--label"},
      paramLabel = "KEY=VALUE",
      split = ",",
      description = "The object's labels; put replaces them, so none given means none kept.")
  Map<String, String> labels;

  @Option(
      names = "--resource-version",
      paramLabel = "N",
      description = "Replace only if the object is still at version N.")
  Long resourceVersion;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    String path = ApiClient.storePath(store(store)) + "/objects/" + kind(kind) + "/" + name(name);
    JsonNode data = jsonObject(input);
    ObjectNode body = Json.object().put("kind", kind);
    ObjectNode metadata = body.putObject("metadata").put("name", name);
    if (labels != null) {
      metadata.set("labels", Json.MAPPER.valueToTree(labels));
    }
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion.toString());
    }
    body.set("data", data);
    ApiClient.Answer answer = client().sendJson("PUT", path, body);
    if (output.json()) {
      printJson(answer.body());
    } else {
      out()
          .println(
              Render.kindAndName(answer.body())
                  + (answer.status() == 201 ? " created" : " replaced")
                  + " (resourceVersion "
                  + Render.version(answer.body())
                  + ")");
      out().flush();
    }
    return ExitCodes.OK;
  }
}
