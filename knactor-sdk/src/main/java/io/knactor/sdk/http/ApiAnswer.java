package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A successful answer of the API as the server sent it: the HTTP status (e.g. 201 for a created
 * object) and the JSON body, for callers that show the server's JSON verbatim.
 */
public record ApiAnswer(int status, ObjectNode body) {}
