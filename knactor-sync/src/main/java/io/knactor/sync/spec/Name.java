package io.knactor.sync.spec;

import io.knactor.cast.spec.Location;

/** A field name written in a spec, and where, so an unknown field names its line. */
public record Name(String value, Location location) {
  @Override
  public String toString() {
    return value;
  }
}
