package dev.legends.server.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message of a long operation's stream (load, build, pull): progress lines first, then
 * exactly one result or error. The error travels in the stream because the 200 header is long
 * gone by the time a step fails.
 */
public record ProgressEvent(String progress, JsonNode result, ApiError error) {}
