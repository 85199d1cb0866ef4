package io.knactor.sync.spec;

import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.Location;

/** A kind of record in an aliased store, as a flow names it ({@code M.reading}), and where. */
public record StreamDecl(KindRef ref, Location location) {
  @Override
  public String toString() {
    return ref.toString();
  }
}
