package io.knactor.cast.check;

import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import java.util.List;

/**
 * Follows a field path through a schema's declared fields.
 *
 * @param known how many leading segments name declared fields (or lie inside an open object or
 *     {@code any})
 * @param unknown true when segment {@code known} is not a declared field
 * @param type the type at the end of the known segments
 * @param external true when a field along the known segments is marked external
 */
record FieldLookup(int known, boolean unknown, FieldType type, boolean external) {

  /**
   * Walks {@code segments} from {@code root}; stops at the first undeclared field, or where the
   * schema stops declaring (open object, {@code any}, array, scalar), leaving the rest to CEL.
   */
  static FieldLookup walk(FieldType root, List<String> segments) {
    FieldType type = root;
    boolean external = false;
    for (int i = 0; i < segments.size(); i++) {
      if (!type.isStructured()) {
        boolean open = type.kind() == FieldType.Kind.ANY || type.kind() == FieldType.Kind.OBJECT;
        return new FieldLookup(
            open ? segments.size() : i,
            false,
            open ? FieldType.scalar(FieldType.Kind.ANY) : type,
            external);
      }
      Field field = type.fields().get(segments.get(i));
      if (field == null) {
        return new FieldLookup(i, true, type, external);
      }
      external |= field.external();
      type = field.type();
    }
    return new FieldLookup(segments.size(), false, type, external);
  }

  /** True when every segment is a declared field or inside an open one. */
  boolean complete(int segments) {
    return !unknown && known == segments;
  }
}
