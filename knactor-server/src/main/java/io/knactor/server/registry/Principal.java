package io.knactor.server.registry;

import io.knactor.core.model.Names;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who acts: a name, a role and the SHA-256 of its bearer token (the token itself is never stored).
 * The name is what history records for every write the principal makes.
 */
public record Principal(String name, Role role, String tokenSha256) {
  /** Principal names: DNS labels, e.g. {@code knactor-checkout}, {@code retail-cast}. */
  public static final Pattern NAME = Names.INSTANCE;

  /** The name of the principal that the configured admin token authenticates. */
  public static final String ADMIN = "admin";

  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(tokenSha256, "tokenSha256");
  }

  @Override
  public String toString() {
    return "principal '" + name + "' (" + role.wireName() + ")";
  }
}
