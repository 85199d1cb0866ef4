package io.knactor.cast.spec;

import io.knactor.core.model.StoreRef;

/** One entry of {@code input:}: the alias a spec uses for a store, and where it was declared. */
public record InputDecl(String alias, StoreRef store, Location location) {}
