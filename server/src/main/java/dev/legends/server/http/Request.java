package dev.legends.server.http;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An API request, copied out of Netty's buffers so that handlers may run on any thread. */
public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> pathParams, byte[] body,
                      Map<String, String> headers) {
    /** {@code headers} keys are lower case; a header sent twice keeps its first value. */
    public Request {
        headers = headers == null ? Map.of() : headers;
    }

    public Request(String method, String path, Map<String, List<String>> query, Map<String, String> pathParams, byte[] body) {
        this(method, path, query, pathParams, body, Map.of());
    }

    /** A request header by name (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A cookie's value from the Cookie header, or null. */
    public String cookie(String name) {
        String all = header("cookie");
        if (all == null) {
            return null;
        }
        for (String part : all.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }

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
        return new Request(method, path, query, params, body, headers);
    }
}
