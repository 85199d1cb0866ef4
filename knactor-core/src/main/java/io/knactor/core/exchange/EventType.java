package io.knactor.core.exchange;

/** The kinds of change a watch delivers, as in the Kubernetes watch API. */
public enum EventType {
  ADDED,
  MODIFIED,
  DELETED
}
