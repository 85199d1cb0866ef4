package io.knactor.cast.check;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.core.schema.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types of schemas: a structured object is a struct type named after its schema and path
 * ({@code OnlineRetail.v1.Shipping.Shipment.quote}), so CEL checks field names and types; {@code
 * number} is double, {@code integer} int, an open {@code object} {@code map(string, dyn)}, {@code
 * any} dyn. At run time objects are passed as maps, which CEL selects fields from alike.
 */
public final class SchemaTypes implements CelTypeProvider {
  private final Map<String, CelType> structs = new LinkedHashMap<>();

  /** The struct type of a schema's objects, registering it and its nested types. */
  public CelType of(Schema schema) {
    return of(schema.root(), schema.ref().toString().replace('/', '.'));
  }

  public CelType of(FieldType type, String name) {
    return switch (type.kind()) {
      case STRING -> SimpleType.STRING;
      case NUMBER -> SimpleType.DOUBLE;
      case INTEGER -> SimpleType.INT;
      case BOOLEAN -> SimpleType.BOOL;
      case ANY -> SimpleType.DYN;
      case ARRAY ->
          ListType.create(type.element() == null ? SimpleType.DYN : of(type.element(), name));
      case OBJECT ->
          type.isStructured()
              ? struct(type, name)
              : MapType.create(SimpleType.STRING, SimpleType.DYN);
    };
  }

  private CelType struct(FieldType type, String name) {
    CelType known = structs.get(name);
    if (known != null) {
      return known;
    }
    Map<String, CelType> fields = new LinkedHashMap<>();
    StructType struct =
        StructType.create(
            name,
            ImmutableSet.copyOf(type.fields().keySet()),
            field -> Optional.ofNullable(fields.get(field)));
    structs.put(name, struct);
    for (Field field : type.fields().values()) {
      fields.put(field.name(), of(field.type(), name + "." + field.name()));
    }
    return struct;
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }
}
