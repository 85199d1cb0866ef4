package io.knactor.cli;

import io.knactor.cli.client.ApiClient;
import io.knactor.cli.output.Render;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
  @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
  String store;

  @Parameters(index = "1", paramLabel = "KIND")
  String kind;

  @Parameters(index = "2", paramLabel = "NAME")
  String name;

  @Option(
      names = "--resource-version",
      paramLabel = "N",
      description = "Delete only if the object is still at version N.")
  Long resourceVersion;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    String path = ApiClient.storePath(store(store)) + "/objects/" + kind(kind) + "/" + name(name);
    if (resourceVersion != null) {
      path =
          ApiClient.withQuery(path, ApiClient.query("resourceVersion", resourceVersion.toString()));
    }
    ApiClient.Answer answer = client().delete(path);
    if (output.json()) {
      printJson(answer.body());
    } else {
      out()
          .println(
              Render.kindAndName(answer.body())
                  + " deleted (resourceVersion "
                  + Render.version(answer.body())
                  + ")");
      out().flush();
    }
    return ExitCodes.OK;
  }
}
