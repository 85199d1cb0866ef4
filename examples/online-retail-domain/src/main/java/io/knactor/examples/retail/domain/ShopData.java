package io.knactor.examples.retail.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data the services ship with: the products ({@code products.json}) and the exchange rates in
 * units per euro ({@code rates.json}), as in the Online Boutique demo.
 */
public final class ShopData {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ShopData() {}

  /** The products, by id, in the file's order. */
  public static Map<String, Product> products() {
    Map<String, Product> products = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = read("products.json").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      JsonNode p = entry.getValue();
      List<String> categories = new ArrayList<>();
      p.path("categories").forEach(c -> categories.add(c.asText()));
      products.put(
          entry.getKey(),
          new Product(
              entry.getKey(),
              p.path("name").asText(),
              p.path("description").asText(),
              p.path("priceUsd").asDouble(),
              categories));
    }
    return products;
  }

  /** Units of each supported currency per euro. */
  public static Map<String, Double> ratesPerEuro() {
    Map<String, Double> rates = new LinkedHashMap<>();
    read("rates.json")
        .fields()
        .forEachRemaining(e -> rates.put(e.getKey(), e.getValue().asDouble()));
    return rates;
  }

  private static JsonNode read(String name) {
    try (InputStream in = ShopData.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
