package dev.legends.server.api;

/** An event on the wire; time is RFC 3339 in UTC. */
public record EventView(long id, String time, String kind, String object, String message) {}
