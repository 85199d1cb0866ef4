package io.knactor.server.http;

import io.knactor.core.error.KnactorException;

/** A route that exists but does not answer this HTTP method. */
final class MethodNotAllowedException extends KnactorException {
  MethodNotAllowedException(String method, String route, String allowed) {
    super(method + " is not allowed on " + route + " (allowed: " + allowed + ")");
  }

  @Override
  public String reason() {
    return "MethodNotAllowed";
  }

  @Override
  public int httpStatus() {
    return 405;
  }
}
