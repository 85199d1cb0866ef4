package io.knactor.cli;

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
    name = "patch",
    description = {
      "Change part of an existing object's data with a JSON merge patch.",
      "As in RFC 7386, members given replace, objects merge, and null removes a member.",
      "",
      "Example:",
      "  knactor patch Demo/v1/Greeter/greeter Greeting hello-ada --data '{\"to\": \"Grace\"}'"
    })
final class PatchCommand extends ClientCommand {
  @Mixin ObjectAddress address;

  @ArgGroup(exclusive = true, multiplicity = "1")
  DataInput input;

  @Option(
      names = {"-l", "--label"},
      paramLabel = "KEY=VALUE",
      split = ",",
      description = "Labels to set on the object.")
  Map<String, String> labels;

  @Option(
      names = "--resource-version",
      paramLabel = "N",
      description = "Patch only if the object is still at version N.")
  Long resourceVersion;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    String path = objectPath(address, resourceVersion);
    ObjectNode patch = Json.object();
    patch.set("data", jsonObject(input));
    if (labels != null) {
      patch.putObject("metadata").set("labels", Json.MAPPER.valueToTree(labels));
    }
    ApiAnswer answer =
        client().send("PATCH", path, "application/merge-patch+json", Json.write(patch));
    printChange(answer.body(), "patched", output);
    return ExitCodes.OK;
  }
}
