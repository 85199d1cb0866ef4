package io.knactor.sdk.http;

import java.util.List;

/**
 * What an integrator may do with one kind of one store.
 *
 * @param fields the dotted field paths it may write, or {@code ["*"]} for all
 * @param verbs {@code read} and/or {@code write}
 */
public record GrantInfo(
    String principal, String store, String kind, List<String> fields, List<String> verbs) {
  public GrantInfo {
    fields = List.copyOf(fields);
    verbs = List.copyOf(verbs);
  }
}
