package io.knactor.examples.retail.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.examples.retail.Published;
import io.knactor.examples.retail.domain.Product;
import io.knactor.examples.retail.domain.ShopData;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;

/**
 * The ProductCatalog knactor: one {@code Product} per product, and the {@code Catalog} singleton it
 * publishes from them (name and US-dollar price by product id) for integrators to read.
 */
public final class ProductCatalog {
  public static final StoreRef STORE =
      StoreRef.parse("OnlineRetail/v1/ProductCatalog/knactor-productcatalog");
  public static final String PRODUCT = "Product";
  public static final String CATALOG = "Catalog";

  private ProductCatalog() {}

  public static Knactor knactor(ObjectExchange connection) {
    return Knactor.builder(STORE, connection).on(PRODUCT, ProductCatalog::reconcile).build();
  }

  /** Stores the products the service ships with ({@link ShopData#products()}), as its data load. */
  public static void load(Context ctx) {
    for (Product product : ShopData.products().values()) {
      ObjectNode data =
          Json.object()
              .put("name", product.name())
              .put("description", product.description())
              .put("priceUsd", product.priceUsd());
      product.categories().forEach(data.putArray("categories")::add);
      ctx.upsert(PRODUCT, product.id(), data);
    }
  }

  /** Level-triggered: the catalog is rebuilt from all products whenever one changes. */
  public static Result reconcile(Context ctx, Event event) {
    return Published.index(
        ctx,
        PRODUCT,
        CATALOG,
        "products",
        product ->
            Json.object()
                .put("name", product.path("name").asText())
                .put("priceUsd", product.path("priceUsd").asDouble()),
        index -> Json.object().put("count", index.size()));
  }
}
