package dev.legends.server.http;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Routes by method and path template ("/v1/containers/{id}/logs"); layers add their own routes. */
public final class Router {
    private record Route(String method, String template, String[] segments, Handler handler) {}

    /** A registered route as a reader sees it (the OpenAPI document is made from these). */
    public record Entry(String method, String template) {}

    // written at start-up, read by every request (and listed by the OpenAPI document): copy on write
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public Router get(String template, Handler h) {
        return add("GET", template, h);
    }

    public Router post(String template, Handler h) {
        return add("POST", template, h);
    }

    public Router delete(String template, Handler h) {
        return add("DELETE", template, h);
    }

    public Router add(String method, String template, Handler h) {
        routes.add(new Route(method, template, split(template), h));
        return this;
    }

    /** Every route in the order it was added. */
    public List<Entry> routes() {
        return routes.stream().map(r -> new Entry(r.method(), r.template())).toList();
    }

    Response dispatch(Request request) throws Exception {
        String[] path = split(request.path());
        boolean pathKnown = false;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), path);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (r.method().equals(request.method())) {
                return r.handler().handle(request.withPathParams(params));
            }
        }
        if (pathKnown) {
            throw new LegendsException(ErrorKind.INVALID_ARGUMENT, request.method() + " is not allowed on " + request.path());
        }
        throw LegendsException.notFound("no such API path: " + request.path());
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/");
    }
}
