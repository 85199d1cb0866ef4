package io.knactor.sdk.http;

import io.knactor.core.error.UnavailableException;

/**
 * No answer at all: the connection to the server could not be opened, because the address is wrong
 * or nothing listens there. Its cause is the connect failure. Distinct from an {@link
 * UnavailableException} the server answered with, or a connection lost midway.
 */
public class ServerUnreachableException extends UnavailableException {
  private final String server;

  public ServerUnreachableException(String server, String message, Throwable cause) {
    super(message, cause);
    this.server = server;
  }

  /** The base URL that nothing answered at, e.g. {@code http://127.0.0.1:8080}. */
  public String server() {
    return server;
  }
}
