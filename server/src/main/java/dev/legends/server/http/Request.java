package dev.legends.server.http;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.util.List;
import java.util.Map;

/** An API request, copied out of Netty's buffers so that handlers may run on any thread. */
public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> pathParams, byte[] body) {

    public String param(String name) {
        String p = pathParams.get(name);
        if (p != null) {
            return p;
        }
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public long longParam(String name, long fallback) {
        String v = param(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw LegendsException.invalid("query parameter " + name + ": not a number: " + v);
        }
    }

    public boolean flag(String name) {
        String v = param(name);
        return v != null && (v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true"));
    }

    public <T> T json(Class<T> type) {
        if (body.length == 0) {
            throw LegendsException.invalid("request body: expected a JSON " + type.getSimpleName());
        }
        return Json.read(body, type);
    }

    Request withPathParams(Map<String, String> params) {
        return new Request(method, path, query, params, body);
    }
}
