package dev.legends.gateway;

import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a gateway serves: the addresses it listens on and its routes. A route is served on
 * the listeners it names, or on all; on one listener, routes are told apart by host and path prefix
 * (two routes may share a host and prefix only on different listeners). A config is a value: a change builds
 * a new one and the gateway swaps it in whole.
 */
public record GatewayConfig(List<Listener> listeners, List<Route> routes) {
    public GatewayConfig {
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /**
     * One listening socket ("0.0.0.0", 80); port 0 is refused: the config must say where. With
     * {@code tls} (null: plain HTTP) it serves HTTPS.
     */
    public record Listener(String name, String host, int port, Tls tls) {
        /** A plain HTTP listener. */
        public Listener(String name, String host, int port) {
            this(name, host, port, null);
        }

        public String address() {
            return host + ":" + port;
        }

        public Listener withTls(Tls next) {
            return new Listener(name, host, port, next);
        }
    }

    /**
     * The certificate chain (PEM, leaf first) and its unencrypted PKCS#8 private key (PEM "BEGIN
     * PRIVATE KEY"), as absolute paths on the gateway's host: the gateway process reads them, from
     * its own working directory. They are read again on every apply, so applying the same config
     * again picks up a renewed certificate.
     */
    public record Tls(String certFile, String keyFile) {}

    public static GatewayConfig empty() {
        return new GatewayConfig(List.of(), List.of());
    }

    /** This config with {@code route} added, or replacing the route of the same name. */
    public GatewayConfig withRoute(Route route) {
        List<Route> next = new ArrayList<>(routes.stream().filter(r -> !r.name().equals(route.name())).toList());
        next.add(route);
        return new GatewayConfig(listeners, next);
    }

    public GatewayConfig withoutRoute(String name) {
        return new GatewayConfig(listeners, routes.stream().filter(r -> !r.name().equals(name)).toList());
    }

    public GatewayConfig withListeners(List<Listener> next) {
        return new GatewayConfig(next, routes);
    }

    /** Throws the first problem found, naming it; a valid config returns itself. */
    public GatewayConfig validate() {
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (Listener l : listeners) {
            if (l.name() == null || l.name().isBlank() || !names.add(l.name())) {
                throw LegendsException.invalid("listener: missing or duplicate name: " + l.name());
            }
            if (l.host() == null || l.host().isBlank() || l.port() < 1 || l.port() > 65535) {
                throw LegendsException.invalid("listener " + l.name() + ": needs a host and a port in 1-65535");
            }
            if (!addresses.add(l.address())) {
                throw LegendsException.invalid("listener " + l.name() + ": address " + l.address() + " is used twice");
            }
            if (l.tls() != null) {
                requireAbsolute(l, "certFile", l.tls().certFile());
                requireAbsolute(l, "keyFile", l.tls().keyFile());
            }
        }
        Set<String> routeNames = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Route r : routes) {
            r.validate();
            for (String l : r.listeners()) {
                if (!names.contains(l)) {
                    throw LegendsException.invalid("route " + r.name() + ": no listener named " + l);
                }
            }
            if (!routeNames.add(r.name())) {
                throw LegendsException.invalid("route " + r.name() + ": defined twice");
            }
            for (String h : r.hosts().isEmpty() ? List.of("*") : r.hosts()) {
                if (!keys.add(String.join(",", r.listeners()) + " " + h.toLowerCase() + " " + r.pathPrefix())) {
                    throw LegendsException.invalid("route " + r.name() + ": host " + h + " and path " + r.pathPrefix()
                            + " are already served by another route");
                }
            }
        }
        return this;
    }

    private static void requireAbsolute(Listener l, String field, String path) {
        if (path == null || path.isBlank() || !path.startsWith("/")) {
            throw LegendsException.invalid("listener " + l.name() + ": tls " + field + " must be an absolute path, not " + path);
        }
    }
}
