package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One entry of a subscriber's keyed state. Treat {@code value} as read-only. */
public record StateEntry(String key, ObjectNode value) {}
