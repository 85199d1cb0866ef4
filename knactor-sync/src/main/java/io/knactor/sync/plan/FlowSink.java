package io.knactor.sync.plan;

/**
 * The end of a flow: where its records go.
 *
 * @param objectName for a fold into one fixed object; null folds by record key (and for appends)
 */
public record FlowSink(String flow, Destination destination, String objectName) {}
