/**
 * The Cast spec as written: {@link io.knactor.cast.spec.CastSpecParser} turns YAML into a {@link
 * io.knactor.cast.spec.CastSpec} that keeps the file, line and column of every key and of every
 * character of every expression. Shape only; meaning is checked by {@code io.knactor.cast.check}.
 */
package io.knactor.cast.spec;
