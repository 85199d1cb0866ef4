package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Render;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.Json;
import io.knactor.core.model.Names;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.AdminClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that talks to a server: its client, its output, and local input checks. */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  KnactorCli root() {
    return (KnactorCli) spec.root().userObject();
  }

  AdminClient client() {
    return root().client();
  }

  /** The server's JSON answer to {@code GET path}. */
  JsonNode get(String path) {
    return client().send("GET", path, null, null).body();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Prints the server's JSON as it answered it, indented. */
  void printJson(JsonNode node) {
    out().println(Render.pretty(node));
    out().flush();
  }

  /**
   * The API path of the object at {@code address}, with the {@code resourceVersion} precondition
   * when one is given; a usage error when the address is malformed.
   */
  String objectPath(ObjectAddress address, Long resourceVersion) {
    String path =
        ApiPaths.storePath(store(address.store))
            + "/objects/"
            + kind(address.kind)
            + "/"
            + name(address.name);
    return resourceVersion == null
        ? path
        : ApiPaths.withQuery(path, ApiPaths.query("resourceVersion", resourceVersion.toString()));
  }

  /**
   * Prints the object the server answered a change with: its JSON for {@code -o json}, else one
   * line, e.g. {@code Greeting/hello-ada patched (resourceVersion 7)}.
   */
  void printChange(JsonNode object, String verb, OutputFormat output) {
    if (output.json()) {
      printJson(object);
    } else {
      out()
          .println(
              Render.kindAndName(object)
                  + " "
                  + verb
                  + " (resourceVersion "
                  + Render.version(object)
                  + ")");
      out().flush();
    }
  }

  /**
   * The store named on the command line; a usage error when it is not App/version/Type/instance.
   */
  StoreRef store(String text) {
    try {
      return StoreRef.parse(text);
    } catch (InvalidInputException e) {
      throw usage(e.getMessage());
    }
  }

  /** A kind named on the command line; a usage error when it is not a valid kind. */
  String kind(String text) {
    return valid(Names.KIND, text, "kind");
  }

  /** An object name named on the command line; a usage error when it is not a valid name. */
  String name(String text) {
    return valid(Names.OBJECT_NAME, text, "name");
  }

  private String valid(java.util.regex.Pattern pattern, String text, String what) {
    try {
      return Names.require(pattern, text, what);
    } catch (InvalidInputException e) {
      throw usage(e.getMessage());
    }
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The bytes of a local file, or of standard input for {@code -}; a usage error if unreadable. */
  byte[] read(Path file) {
    try {
      return file.toString().equals("-") ? root().stdin().readAllBytes() : Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw usage("file not found: " + file);
    } catch (IOException e) {
      throw usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A JSON object given inline or in a file; a usage error naming where it is malformed. */
  JsonNode jsonObject(DataInput input) {
    try {
      return input.file != null
          ? Json.parseObject(read(input.file), "file " + input.file)
          : Json.parseObject(input.data, "--data");
    } catch (InvalidInputException e) {
      throw usage(e.getMessage());
    }
  }
}
