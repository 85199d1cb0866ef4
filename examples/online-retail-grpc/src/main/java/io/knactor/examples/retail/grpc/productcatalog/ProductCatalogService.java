package io.knactor.examples.retail.grpc.productcatalog;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.knactor.examples.retail.domain.ShopData;
import io.knactor.examples.retail.grpc.Unary;
import io.knactor.examples.retail.grpc.api.productcatalog.GetProductRequest;
import io.knactor.examples.retail.grpc.api.productcatalog.ListProductsRequest;
import io.knactor.examples.retail.grpc.api.productcatalog.ListProductsResponse;
import io.knactor.examples.retail.grpc.api.productcatalog.Product;
import io.knactor.examples.retail.grpc.api.productcatalog.ProductCatalogServiceGrpc;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ProductCatalog service: the shop's products ({@link ShopData#products()}). */
public final class ProductCatalogService
    extends ProductCatalogServiceGrpc.ProductCatalogServiceImplBase {
  private final Map<String, Product> products = new LinkedHashMap<>();

  public ProductCatalogService() {
    ShopData.products()
        .values()
        .forEach(
            p ->
                products.put(
                    p.id(),
                    Product.newBuilder()
                        .setId(p.id())
                        .setName(p.name())
                        .setDescription(p.description())
                        .setPriceUsd(p.priceUsd())
                        .addAllCategories(p.categories())
                        .build()));
  }

  @Override
  public void listProducts(
      ListProductsRequest request, StreamObserver<ListProductsResponse> response) {
    Unary.respond(
        response,
        () -> ListProductsResponse.newBuilder().addAllProducts(products.values()).build());
  }

  @Override
  public void getProduct(GetProductRequest request, StreamObserver<Product> response) {
    Unary.respond(
        response,
        () -> {
          Product product = products.get(request.getId());
          if (product == null) {
            throw Status.NOT_FOUND
                .withDescription("no product with id '" + request.getId() + "'")
                .asRuntimeException();
          }
          return product;
        });
  }
}
