package io.knactor.cli;

import io.knactor.sdk.http.ApiAnswer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "delete",
    description = {
      "Delete one object, or stop and delete an applied Cast or Sync.",
      "",
      "Examples:",
      "  knactor delete Demo/v1/Greeter/greeter Greeting hello-ada",
      "  knactor delete cast retail     (stops it; what it wrote stays)",
      "  knactor delete sync home       (stops it; its offsets stay, for a sync of that name)"
    })
final class DeleteCommand extends ClientCommand {
  @Parameters(
      index = "0",
      paramLabel = "STORE",
      description = "App/version/Type/instance, or 'cast' or 'sync'")
  String store;

  @Parameters(index = "1", paramLabel = "KIND", description = "The object's kind, or the name")
  String kind;

  @Parameters(index = "2", arity = "0..1", paramLabel = "NAME", description = "The object")
  String name;

  @Option(
      names = "--resource-version",
      paramLabel = "N",
      description = "Delete only if the object is still at version N.")
  Long resourceVersion;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    if (store.equals("cast") || store.equals("sync")) {
      return deleteIntegrator();
    }
    if (name == null) {
      throw usage("name the object: knactor delete STORE KIND NAME");
    }
    ObjectAddress address = new ObjectAddress();
    address.store = store;
    address.kind = kind;
    address.name = name;
    ApiAnswer answer = client().send("DELETE", objectPath(address, resourceVersion), null, null);
    printChange(answer.body(), "deleted", output);
    return ExitCodes.OK;
  }

  private int deleteIntegrator() {
    if (name != null || resourceVersion != null) {
      throw usage("knactor delete " + store + " NAME takes no other argument or option");
    }
    ApiAnswer answer = client().send("DELETE", "/api/v1/" + store + "s/" + name(kind), null, null);
    if (output.json()) {
      printJson(answer.body());
    } else {
      out().println(store + "/" + kind + " deleted; what it wrote stays");
      out().flush();
    }
    return ExitCodes.OK;
  }
}
