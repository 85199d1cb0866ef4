package io.knactor.core.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * One retained version of an object: who wrote it, when, what it held, and the write's annotations
 * (provenance). For DELETED, {@code data} is the last state before deletion.
 */
public record ObjectRevision(
    long resourceVersion,
    EventType type,
    String principal,
    Instant time,
    Map<String, String> labels,
    ObjectNode data,
    Map<String, String> annotations) {
  public ObjectRevision {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
