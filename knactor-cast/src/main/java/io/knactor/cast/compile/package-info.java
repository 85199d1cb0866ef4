/**
 * The compiled form of a Cast that the runtime consumes and never re-parses: {@link
 * io.knactor.cast.compile.CompiledCast} with its resolved kinds, CEL programs and plan, stamped
 * with a revision.
 */
package io.knactor.cast.compile;
