package io.knactor.server.access;

import io.knactor.core.error.UnauthorizedException;
import io.knactor.server.registry.Principal;
import io.knactor.server.registry.Registry;

/** Turns a bearer token into the principal that owns it; the only way a principal is chosen. */
public final class Authenticator {
  private final Registry registry;

  public Authenticator(Registry registry) {
    this.registry = registry;
  }

  /**
   * The principal named by an {@code Authorization} header value.
   *
   * @throws UnauthorizedException when the header is missing, not a bearer token, or unknown
   */
  public Principal authenticateHeader(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new UnauthorizedException(
          "missing credentials: send the header 'Authorization: Bearer <token>'");
    }
    int space = authorization.indexOf(' ');
    if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw new UnauthorizedException(
          "unsupported authorization scheme: send 'Authorization: Bearer <token>'");
    }
    return authenticate(authorization.substring(space + 1).strip());
  }

  /**
   * The principal owning {@code token}.
   *
   * @throws UnauthorizedException when no principal owns it
   */
  public Principal authenticate(String token) {
    if (token == null || token.isEmpty()) {
      throw new UnauthorizedException("missing token");
    }
    return registry
        .principalForToken(token)
        .orElseThrow(() -> new UnauthorizedException("invalid token"));
  }
}
