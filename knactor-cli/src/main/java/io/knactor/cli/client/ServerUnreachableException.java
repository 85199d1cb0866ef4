package io.knactor.cli.client;

import io.knactor.core.error.UnavailableException;

/** No answer at all: the server address is wrong, or nothing listens there. */
public class ServerUnreachableException extends UnavailableException {
  public ServerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
