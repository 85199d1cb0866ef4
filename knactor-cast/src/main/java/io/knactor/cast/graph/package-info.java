/**
 * The dependency graph of a compiled cast, for people: {@link io.knactor.cast.graph.CastGraph}
 * (which fields feed which), rendered as Graphviz DOT ({@link io.knactor.cast.graph.DotFormat}) or
 * as a self-contained SVG drawn with a small layered layout ({@link
 * io.knactor.cast.graph.SvgFormat}).
 */
package io.knactor.cast.graph;
