package io.knactor.core.log;

/** Where an appended record landed: its partition and its offset in that partition. */
public record RecordPosition(int partition, long offset) {}
