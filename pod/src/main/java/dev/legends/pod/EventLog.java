package dev.legends.pod;

import dev.legends.store.Events;
import dev.legends.store.Tx;

/** The lifecycle steps of containers and pods, as {@code legends events} shows them. */
final class EventLog {
    private final Events events;

    EventLog(Events events) {
        this.events = events;
    }

    void container(StoredContainer c, String message) {
        events.append("container", c.name(), message);
    }

    void container(Tx tx, StoredContainer c, String message) {
        events.append(tx, "container", c.name(), message);
    }

    void pod(Tx tx, StoredPod p, String message) {
        events.append(tx, "pod", p.name(), message);
    }

    void volume(String name, String message) {
        events.append("volume", name, message);
    }

    void pod(StoredPod p, String message) {
        events.append("pod", p.name(), message);
    }
}
