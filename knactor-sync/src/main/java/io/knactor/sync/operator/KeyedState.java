package io.knactor.sync.operator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The state a user operator keeps for the key of the record it is processing. Writes become visible
 * to later records at once and commit with the outputs and input offsets of their batch, so after a
 * crash or a move to another instance the state matches exactly the records whose effects were
 * committed.
 */
public interface KeyedState {
  /** The state of this key, or empty. */
  Optional<JsonNode> get();

  /** Replaces the state of this key. */
  void put(JsonNode value);

  /** Removes the state of this key. */
  void clear();
}
