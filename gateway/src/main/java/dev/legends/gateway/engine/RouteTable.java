package dev.legends.gateway.engine;

import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An immutable, compiled config: host to routes, longest path prefix first. A request reads the
 * table once, so it is routed wholly by one config even while another is swapped in.
 */
final class RouteTable {
    final GatewayConfig config;
    final long generation;
    private final Map<String, List<CompiledRoute>> byHost;
    private final List<CompiledRoute> anyHost;
    final Map<String, CompiledRoute> byName;

    RouteTable(GatewayConfig config, long generation, Function<String, Endpoint> endpoints) {
        this.config = config;
        this.generation = generation;
        Map<String, List<CompiledRoute>> hosts = new HashMap<>();
        List<CompiledRoute> any = new ArrayList<>();
        Map<String, CompiledRoute> names = new HashMap<>();
        for (Route r : config.routes()) {
            CompiledRoute c = new CompiledRoute(r, endpoints);
            names.put(r.name(), c);
            if (r.hosts().isEmpty()) {
                any.add(c);
            }
            for (String h : r.hosts()) {
                hosts.computeIfAbsent(h.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(c);
            }
        }
        Comparator<CompiledRoute> longestFirst = Comparator.comparingInt((CompiledRoute c) -> c.route.pathPrefix().length()).reversed();
        hosts.values().forEach(l -> l.sort(longestFirst));
        any.sort(longestFirst);
        this.byHost = hosts;
        this.anyHost = any;
        this.byName = names;
    }

    /** The route on {@code listener} for {@code host} (a Host header, port allowed) and {@code path}, or null. */
    CompiledRoute find(String listener, String host, String path) {
        if (host != null) {
            String h = host.toLowerCase(Locale.ROOT);
            int colon = h.lastIndexOf(':');
            if (colon > 0 && h.indexOf(']') < colon) {
                h = h.substring(0, colon);
            }
            CompiledRoute r = first(byHost.get(h), listener, path);
            if (r != null) {
                return r;
            }
        }
        return first(anyHost, listener, path);
    }

    private static CompiledRoute first(List<CompiledRoute> routes, String listener, String path) {
        if (routes == null) {
            return null;
        }
        for (CompiledRoute r : routes) {
            if ((r.route.listeners().isEmpty() || r.route.listeners().contains(listener)) && r.matchesPath(path)) {
                return r;
            }
        }
        return null;
    }
}
