package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.sdk.http.ApiAnswer;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
  @Mixin ObjectAddress address;

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
    String path = objectPath(address, null);
    JsonNode data = jsonObject(input);
    ObjectNode body = Json.object().put("kind", address.kind);
    ObjectNode metadata = body.putObject("metadata").put("name", address.name);
    if (labels != null) {
      metadata.set("labels", Json.MAPPER.valueToTree(labels));
    }
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion.toString());
    }
    body.set("data", data);
    ApiAnswer answer = client().send("PUT", path, "application/json", Json.write(body));
    printChange(answer.body(), answer.status() == 201 ? "created" : "replaced", output);
    return ExitCodes.OK;
  }
}
