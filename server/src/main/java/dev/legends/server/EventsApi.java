package dev.legends.server;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.EventView;
import dev.legends.server.api.NewEvent;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import dev.legends.store.Event;
import dev.legends.store.Events;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * GET /v1/events lists events; with {@code follow} it becomes a Server-Sent Events stream that
 * first replays what the client missed and then sends each new event as it commits.
 */
final class EventsApi {
    private static final int MAX_LIMIT = 10_000;
    private final Events events;

    EventsApi(Events events) {
        this.events = events;
    }

    void register(Router router) {
        router.get("/v1/events", this::list).post("/v1/events", this::record);
    }

    private Response list(Request r) {
        long since = r.longParam("since", -1);
        int limit = (int) Math.min(MAX_LIMIT, Math.max(1, r.longParam("limit", 100)));
        if (!r.flag("follow")) {
            return Response.json(view(since < 0 ? events.tail(limit) : events.after(since, limit)));
        }
        return Response.events(sink -> {
            LinkedBlockingQueue<Event> live = new LinkedBlockingQueue<>();
            // Subscribe before reading the backlog: an event committed in between arrives twice
            // at worst (and is skipped by id), never not at all.
            try (AutoCloseable sub = events.subscribe(live::add)) {
                long last = since;
                for (Event e : since < 0 ? events.tail(limit) : events.after(since, MAX_LIMIT)) {
                    if (!sink.send(line(e))) {
                        return;
                    }
                    last = e.id();
                }
                while (sink.isOpen()) {
                    Event e = live.poll(1, TimeUnit.SECONDS);
                    if (e != null && e.id() > last) {
                        if (!sink.send(line(e))) {
                            return;
                        }
                        last = e.id();
                    }
                }
            }
        });
    }

    private Response record(Request r) {
        NewEvent e = r.json(NewEvent.class);
        if (blank(e.kind()) || blank(e.object()) || blank(e.message())) {
            throw LegendsException.invalid("an event needs kind, object and message");
        }
        return Response.created(view(events.append(e.kind(), e.object(), e.message())));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String line(Event e) {
        return Json.compact(view(e));
    }

    static EventView view(Event e) {
        return new EventView(e.id(), e.time().toString(), e.kind(), e.object(), e.message());
    }

    static List<EventView> view(List<Event> list) {
        return list.stream().map(EventsApi::view).toList();
    }
}
