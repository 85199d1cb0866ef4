package io.knactor.examples.retail;

import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.core.schema.Schema;
import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.retail.cast.RetailFunctions;
import io.knactor.examples.retail.shipping.Shipping;
import java.util.ArrayList;
import java.util.List;

/** The app's schemas and the checking of its Cast revisions against them. */
public final class RetailSchemas {
  /** The schema files of every knactor but Shipping, whose file depends on its release. */
  public static final List<String> FILES =
      List.of(
          "schemas/cart.yaml",
          "schemas/productcatalog.yaml",
          "schemas/currency.yaml",
          "schemas/checkout.yaml",
          "schemas/payment.yaml",
          "schemas/email.yaml");

  private RetailSchemas() {}

  /** The schema files registered with {@code release} of Shipping. */
  public static List<String> files(Shipping.Release release) {
    List<String> files = new ArrayList<>(FILES);
    files.add(release.schemaFile());
    return files;
  }

  /** The schemas registered with {@code release} of Shipping. */
  public static List<Schema> schemas(Shipping.Release release) {
    return AppFiles.schemas(files(release));
  }

  /** A checker of casts against the schemas of {@code release}, with the app's functions. */
  public static CastChecker checker(Shipping.Release release) {
    return new CastChecker(SchemaCatalog.of(schemas(release)), RetailFunctions.registry());
  }
}
