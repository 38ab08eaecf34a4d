package dev.legends.store;

import java.time.Instant;

/** Something that happened, as `legends events` shows it: "container started", "rollout paused". */
public record Event(long id, Instant time, String kind, String object, String message) {}
