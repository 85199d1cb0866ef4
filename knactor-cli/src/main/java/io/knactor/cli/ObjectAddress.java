package io.knactor.cli;

import picocli.CommandLine.Parameters;

/** The {@code STORE KIND NAME} parameters of the commands about one object. */
final class ObjectAddress {
  @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
  String store;

  @Parameters(index = "1", paramLabel = "KIND")
  String kind;

  @Parameters(index = "2", paramLabel = "NAME")
  String name;
}
