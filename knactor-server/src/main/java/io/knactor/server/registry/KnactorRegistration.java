package io.knactor.server.registry;

import io.knactor.core.model.StoreRef;

/** A registered knactor: its store, and the principal (role knactor) its reconciler acts as. */
public record KnactorRegistration(StoreRef store, String principal) {}
