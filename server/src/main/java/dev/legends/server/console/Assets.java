package dev.legends.server.console;

import dev.legends.core.LegendsException;
import dev.legends.server.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, served from the jar (resources/console). Names are one flat path
 * segment of a fixed shape, so no request can reach another resource.
 */
final class Assets {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(js|css|html|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "svg", "image/svg+xml");
    /** Scripts and styles only from this origin; the API is the only thing pages talk to. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    Response get(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw LegendsException.notFound("no such dashboard file: " + name);
        }
        byte[] body = cache.computeIfAbsent(name, Assets::load);
        if (body.length == 0) {
            throw LegendsException.notFound("no such dashboard file: " + name);
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return new Response.Full(200, TYPES.get(ext), body, HEADERS);
    }

    private static byte[] load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/console/" + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw LegendsException.unavailable("read dashboard file " + name + ": " + e.getMessage());
        }
    }
}
