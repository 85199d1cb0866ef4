package io.knactor.sdk.http;

/**
 * A registered principal; its token is never shown.
 *
 * @param role admin, knactor, integrator or viewer
 */
public record PrincipalInfo(String name, String role) {}
