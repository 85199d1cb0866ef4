package io.knactor.sync.operator;

/** Receives what a user operator emits; records pass on to the next step in order. */
@FunctionalInterface
public interface Emitter {
  void emit(SyncRecord record);
}
