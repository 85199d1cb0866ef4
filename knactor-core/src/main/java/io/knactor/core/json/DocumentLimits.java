package io.knactor.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import io.knactor.core.error.InvalidInputException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The size and depth every stored document must respect, on every backend: 1 MiB serialized (as
 * Kubernetes objects, bounded by etcd's request size) and 32 levels of nesting.
 */
public final class DocumentLimits {
  public static final int MAX_BYTES = 1024 * 1024;
  public static final int MAX_DEPTH = 32;

  private DocumentLimits() {}

  /**
   * @throws InvalidInputException naming {@code what} when {@code node} nests deeper than {@link
   *     #MAX_DEPTH}
   */
  public static void checkDepth(JsonNode node, String what) {
    if (isFlat(node)) {
      return;
    }
    record Level(JsonNode node, int depth) {}
    Deque<Level> todo = new ArrayDeque<>();
    todo.push(new Level(node, 1));
    while (!todo.isEmpty()) {
      Level level = todo.pop();
      if (level.depth > MAX_DEPTH) {
        throw new InvalidInputException(
            what + " nests deeper than " + MAX_DEPTH + " levels", "data");
      }
      if (level.node.isContainerNode()) {
        for (JsonNode child : level.node) {
          if (child.isContainerNode()) {
            todo.push(new Level(child, level.depth + 1));
          }
        }
      }
    }
  }

  /** Whether {@code node} holds no containers: two levels at most, the common record. */
  private static boolean isFlat(JsonNode node) {
    // A type test rather than isContainerNode(), which asks every node for its type.
    if (node instanceof ContainerNode<?>) {
      for (JsonNode child : node) {
        if (child instanceof ContainerNode<?>) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * @throws InvalidInputException naming {@code what} when {@code size} exceeds {@link #MAX_BYTES}
   */
  public static void checkSize(int size, String what) {
    if (size > MAX_BYTES) {
      throw new InvalidInputException(
          what + " is " + size + " bytes serialized; the limit is " + MAX_BYTES, "data");
    }
  }
}
