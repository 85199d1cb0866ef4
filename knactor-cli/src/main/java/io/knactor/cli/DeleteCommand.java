package io.knactor.cli;

import io.knactor.sdk.http.ApiAnswer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "delete",
    description = {
      "Delete one object.",
      "",
      "Example:",
      "  knactor delete Demo/v1/Greeter/greeter Greeting hello-ada"
    })
final class DeleteCommand extends ClientCommand {
  @Mixin ObjectAddress address;

  @Option(
      names = "--resource-version",
      paramLabel = "N",
      description = "Delete only if the object is still at version N.")
  Long resourceVersion;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    String path = objectPath(address, resourceVersion);
    ApiAnswer answer = client().send("DELETE", path, null, null);
    printChange(answer.body(), "deleted", output);
    return ExitCodes.OK;
  }
}
