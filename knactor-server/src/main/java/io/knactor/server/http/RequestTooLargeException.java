package io.knactor.server.http;

import io.knactor.core.error.InvalidInputException;

/** A request body over the route's size limit; nothing of it is read further or stored. */
final class RequestTooLargeException extends InvalidInputException {
  RequestTooLargeException(String message) {
    super(message, "body");
  }

  @Override
  public String reason() {
    return "RequestEntityTooLarge";
  }

  @Override
  public int httpStatus() {
    return 413;
  }
}
