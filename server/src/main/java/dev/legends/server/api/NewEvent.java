package dev.legends.server.api;

/** A request to record an event, for tools that mark their own steps (a CI deploy, a drill). */
public record NewEvent(String kind, String object, String message) {}
