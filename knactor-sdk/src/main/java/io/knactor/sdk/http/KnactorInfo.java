package io.knactor.sdk.http;

/**
 * A registered knactor: its store and the principal its reconciler acts as.
 *
 * @param name {@code App/version/Type/instance}, the knactor's store
 */
public record KnactorInfo(String name, String principal) {}
