package io.knactor.server.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.schema.Schema;
import io.knactor.server.registry.Grant;
import io.knactor.server.registry.Principal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a write by one principal to one kind of one store must respect, decided by {@link
 * AccessPolicy}: the kind's schema (validated when present), the external-field rule (for
 * knactors), and the granted fields (for integrators).
 *
 * @param schema the kind's schema, or null when none is registered
 * @param forbidExternal true for knactors: their writes may not change external fields
 * @param grant the integrator's grant, or null when every field may be written
 */
record WriteRule(Principal principal, Schema schema, boolean forbidExternal, Grant grant) {
  static final String LABELS_FIELD = "metadata.labels";

  /** True when checking {@code op} depends on the object's current state. */
  boolean needsCurrentState(Write.Op op) {
    boolean patch = op == Write.Op.PATCH || op == Write.Op.PATCH_OR_CREATE;
    return (schema != null && patch)
        || (forbidExternal
            && schema != null
            && !schema.externalPaths().isEmpty()
            && op != Write.Op.DELETE)
        || (grant != null && !grant.allowsAllFields());
  }

  /**
   * Checks one write, given the object's state before and after it (null when absent or deleted).
   *
   * @throws ForbiddenException when it changes a field the principal may not change
   * @throws io.knactor.core.error.InvalidInputException when the result does not match the schema
   */
  void check(
      ObjectKey key,
      Write.Op op,
      ObjectNode before,
      ObjectNode after,
      Map<String, String> labelsBefore,
      Map<String, String> labelsAfter) {
    if (forbidExternal && schema != null && op != Write.Op.DELETE) {
      List<String> external = schema.changedExternalFields(before, after);
      if (!external.isEmpty()) {
        throw new ForbiddenException(
            "knactor '"
                + principal.name()
                + "' may not change external field '"
                + external.get(0)
                + "' of "
                + schema.ref()
                + ": external fields are filled by integrators",
            external.get(0));
      }
    }
    if (grant != null && !grant.allowsAllFields()) {
      List<String> changed = ChangedFields.between(before, after);
      if (!Objects.equals(labelsBefore, labelsAfter)) {
        changed.add(LABELS_FIELD);
      }
      for (String path : changed) {
        if (!grant.covers(path)) {
          throw new ForbiddenException(
              "principal '"
                  + principal.name()
                  + "' may not write field '"
                  + path
                  + "' of "
                  + key
                  + ": its grant covers only "
                  + String.join(", ", grant.fields()),
              path);
        }
      }
    }
    if (schema != null && after != null) {
      schema.requireValid(after);
    }
  }
}
