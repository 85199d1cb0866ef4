package io.knactor.server.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a principal is, and so what it may do (see docs/api.md, Authorization). */
public enum Role {
  /** Everything, including the registry. */
  ADMIN,
  /** A knactor's reconciler: reads and writes only its registered stores, never external fields. */
  KNACTOR,
  /** An integrator: only what its grants allow, field by field. */
  INTEGRATOR,
  /** A person building integrations: reads schemas and registrations, never object states. */
  VIEWER;

  /** The lower-case name used in YAML and JSON, e.g. {@code knactor}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code text} in YAML or JSON, if any. */
  public static Optional<Role> parse(String text) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(text)).findFirst();
  }

  /**
   * The wire names of all roles, for error messages: {@code admin, knactor, integrator, viewer}.
   */
  public static String choices() {
    return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
  }
}
