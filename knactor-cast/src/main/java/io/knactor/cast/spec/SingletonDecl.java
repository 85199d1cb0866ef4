package io.knactor.cast.spec;

/**
 * One entry of {@code singletons:}: a kind with one object per store, and the name the cast gives
 * that object when it has to create it.
 */
public record SingletonDecl(KindRef kind, String objectName, Location location) {}
