package io.knactor.examples.retail.domain;

import java.util.List;

/** A product of the shop, priced in US dollars. */
public record Product(
    String id, String name, String description, double priceUsd, List<String> categories) {
  public Product {
    categories = List.copyOf(categories);
  }
}
